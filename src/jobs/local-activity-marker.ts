import type { LoadedDataConverter } from '@temporalio/common/lib/converter/data-converter';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';

/** The marker the SDK core records for a local activity once it has resolved (sdk-core's LOCAL_ACTIVITY_MARKER_NAME). */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** The marker's `data` as core writes it (serde JSON of LocalActivityMarkerData). */
interface MarkerData {
  activity_type?: string;
  attempt?: number;
  complete_time?: { seconds?: number; nanos?: number } | null;
  original_schedule_time?: { seconds?: number; nanos?: number } | null;
}

/** One attempt of a local activity: no scheduled, started or closed events, one marker once it has resolved. */
export interface LocalActivityAttempt {
  activityType: string;
  attempt: number;
  scheduledMs?: number;
  completedMs?: number;
  result?: temporal.api.common.v1.IPayloads;
  failure?: temporal.api.failure.v1.IFailure;
}

/** The local activity an event records, or undefined for any other event (or a marker that cannot be read). */
export async function localActivityAttempt(
  converter: LoadedDataConverter,
  event: temporal.api.history.v1.IHistoryEvent,
): Promise<LocalActivityAttempt | undefined> {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER) return undefined;
  const data = await decodeFromPayloadsAtIndex<MarkerData>(converter, 0, marker.details?.data?.payloads).catch(
    () => undefined,
  );
  if (!data?.activity_type) return undefined;
  return {
    activityType: data.activity_type,
    attempt: data.attempt ?? 1,
    scheduledMs: timeMs(data.original_schedule_time),
    completedMs: timeMs(data.complete_time) ?? optionalTsToMs(event.eventTime),
    ...(marker.details?.result ? { result: marker.details.result } : {}),
    ...(marker.failure ? { failure: marker.failure } : {}),
  };
}

function timeMs(t: MarkerData['complete_time']): number | undefined {
  return t?.seconds === undefined ? undefined : t.seconds * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
}
