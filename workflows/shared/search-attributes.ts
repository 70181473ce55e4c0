import { defineSearchAttributeKey, SearchAttributeType, type TypedSearchAttributes } from '@temporalio/common';

// Registered at start-up (dev server flags, or the operator API on a cluster). No personal data here:
// these are visible to anyone who can list workflows.
export const JOB_KIND = defineSearchAttributeKey('JobKind', SearchAttributeType.KEYWORD);
export const JOB_TAGS = defineSearchAttributeKey('JobTags', SearchAttributeType.KEYWORD_LIST);
export const JOB_SCHEDULED_FOR = defineSearchAttributeKey('JobScheduledFor', SearchAttributeType.DATETIME);

/** The endpoint a webhook job delivers to (an opaque id, never its URL): finds its failed deliveries to recover. */
export const WEBHOOK_ENDPOINT_ID = defineSearchAttributeKey('WebhookEndpointId', SearchAttributeType.KEYWORD);

/** The task type of a task job: lists and counts a type's jobs. */
export const TASK_TYPE = defineSearchAttributeKey('TaskType', SearchAttributeType.KEYWORD);

/**
 * The sequence (or a schedule's run of one) a step job runs in. A step is its sequence's to retry: listings,
 * counts, dead letters, replays, recoveries, job events and metrics leave it out, so nothing runs it beside its sequence.
 */
export const SEQUENCE_ID = defineSearchAttributeKey('SequenceId', SearchAttributeType.KEYWORD);

/**
 * Where an open job stands (queued, scheduled, running, retrying): set at start, upserted by the workflow as it moves
 * (workflows/shared/job-phase.ts), so a listing filters and shows it without a describe per job.
 */
export const JOB_PHASE = defineSearchAttributeKey('JobPhase', SearchAttributeType.KEYWORD);

export const JOB_SEARCH_ATTRIBUTES = [
  JOB_KIND,
  JOB_TAGS,
  JOB_SCHEDULED_FOR,
  WEBHOOK_ENDPOINT_ID,
  TASK_TYPE,
  SEQUENCE_ID,
  JOB_PHASE,
] as const;

/** The kind of a workflow that is a job of its own: none for a sequence's step, nor for a workflow of no kind. */
export function ownJobKind(attributes: TypedSearchAttributes): string | undefined {
  return attributes.get(SEQUENCE_ID) === undefined ? attributes.get(JOB_KIND) : undefined;
}
