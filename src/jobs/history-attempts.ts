import type { Client } from '@temporalio/client';

/**
 * How many attempts a closed run made at its side effects, from its history: for each activity of the given
 * types, the attempt number its started event records (Temporal writes one started event per activity,
 * for its last attempt, with that attempt's number). A run cancelled or failed mid-attempt counts it.
 */
export async function historyAttempts(
  client: Client,
  id: string,
  runId: string,
  activityTypes: readonly string[],
): Promise<number> {
  if (activityTypes.length === 0) return 0;
  const history = await client.workflow.getHandle(id, runId).fetchHistory();
  const typeOfScheduled = new Map<string, string>();
  let attempts = 0;
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) typeOfScheduled.set(String(event.eventId), scheduled.activityType?.name ?? '');
    const started = event.activityTaskStartedEventAttributes;
    if (started && activityTypes.includes(typeOfScheduled.get(String(started.scheduledEventId)) ?? ''))
      attempts += started.attempt ?? 1;
  }
  return attempts;
}
