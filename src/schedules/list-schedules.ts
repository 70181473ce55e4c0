import type { Client, ScheduleSummary } from '@temporalio/client';
import { decodeScheduleRecentActions } from '@temporalio/client/lib/schedule-helpers';
import { decodeMapFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { tsToDate } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import type { JobLinkBuilder } from '../jobs/job-view';
import { nextCursorOf, pageTokenOf } from '../jobs/list-cursor';
import { isAfterwardSchedule, scheduleSummaryView } from './schedule-view';

export interface SchedulePage {
  schedules: ReturnType<typeof scheduleSummaryView>[];
  nextCursor: string | null;
}

/** What a list entry of Temporal's answers carries that GET /v1/schedules shows (`client.schedule.list()` decodes it alike, but hides the page token). */
async function summaryOf(client: Client, raw: temporal.api.schedule.v1.IScheduleListEntry): Promise<ScheduleSummary> {
  return {
    scheduleId: raw.scheduleId ?? '',
    memo: await decodeMapFromPayloads(client.workflow.options.loadedDataConverter, raw.memo?.fields),
    state: { paused: raw.info?.paused === true, note: raw.info?.notes ?? undefined },
    info: {
      recentActions: decodeScheduleRecentActions(raw.info?.recentActions),
      nextActionTimes: raw.info?.futureActionTimes?.map(tsToDate) ?? [],
    },
  };
}

/**
 * One page of Temporal's schedule list, keeping only Afterward's schedules (told by their memo, which
 * visibility cannot filter on): a page may hold fewer than `limit`, while `nextCursor` goes on.
 */
export async function listSchedules(
  client: Client,
  page: { limit: number; cursor?: string },
  links: JobLinkBuilder,
): Promise<SchedulePage> {
  const { namespace } = client.options;
  const query = `schedules in ${namespace}`;
  const nextPageToken = pageTokenOf(query, page.cursor);
  const response = await client.workflowService.listSchedules({
    namespace,
    maximumPageSize: page.limit,
    nextPageToken,
  });
  const summaries = await Promise.all((response.schedules ?? []).map((raw) => summaryOf(client, raw)));
  return {
    schedules: summaries.filter(isAfterwardSchedule).map((s) => scheduleSummaryView(s, links)),
    nextCursor: nextCursorOf(query, response.nextPageToken),
  };
}
