import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { workflowInfo } from '@temporalio/workflow';

/** Set by Temporal on every run a schedule starts: the time the run was due (triggered: when it was triggered). */
export const TEMPORAL_SCHEDULED_START_TIME = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

/**
 * When this run was due: a schedule's time for it, else when it started. A schedule's runs share one input,
 * so what must name the run's own moment (an audit event's `at`, a webhook's `timestamp`) comes from here.
 * It is the same on a replay, and on a retry of the job, which keeps the failed run's search attributes.
 */
export function dueTime(): Date {
  const info = workflowInfo();
  return info.typedSearchAttributes.get(TEMPORAL_SCHEDULED_START_TIME) ?? info.startTime;
}
