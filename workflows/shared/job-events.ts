import type { FanOutWebhookInput } from '../fan-out-webhook';
import type { JobError } from './failure-summary';
import type { WorkflowOutcome } from './job-metrics-sinks';

/** Afterward's own event types: a job closed. Endpoints receive them by naming them in `eventTypes`, or per job (`notify`). */
export const JOB_EVENT_TYPES = ['job.succeeded', 'job.failed', 'job.cancelled'] as const;
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];

/** Event types a caller may not send: they are Afterward's to say. */
export const RESERVED_EVENT_PREFIX = 'job.';

export const isJobEventType = (event: unknown): event is JobEventType =>
  (JOB_EVENT_TYPES as readonly unknown[]).includes(event);

export const jobEventType = (outcome: WorkflowOutcome): JobEventType => `job.${outcome}`;

/** A job's publisher, an internal workflow per closed run: `job-events-<run id>` (src/jobs/internal-workflows.ts). */
export const JOB_EVENTS_ID_PREFIX = 'job-events-';

/** The `data` of a job.* event: the job as it closes. */
export interface JobEventData {
  id: string;
  runId: string;
  kind: string;
  status: WorkflowOutcome;
  /** Attempts at the job's side effects, counted as GET /v1/jobs/:id counts them. */
  attempts: number;
  lastError: JobError | null;
  createdAt: string;
  closedAt: string;
  durationMs: number;
  tags: string[];
}

/** The memo field a job's `notify` start option is kept in: the endpoint told of this job's close, subscribed or not. */
export interface JobNotify {
  endpointId: string;
}
export const NOTIFY_MEMO = 'notify';

export interface JobEventDeliveryInput {
  event: JobEventType;
  /** The job as its workflow saw it close; `attempts` where the job counts its own (webhooks, tasks). */
  data: Omit<JobEventData, 'attempts'> & { attempts?: number };
  notifyEndpointId?: string;
}

export interface JobEventDelivery {
  /** Endpoint ids; none for a workflow that is not a job of the registry (an audit writer). */
  targets: string[];
  delivery: FanOutWebhookInput['delivery'];
}

/** The worker's side of a job event (src/jobs/job-events-activities.ts). */
export interface JobEventActivities {
  /** Whether any endpoint names the event now, for a job of the registry: else there is nothing to publish. */
  jobEventWanted(input: { event: JobEventType; id: string; kind: string }): Promise<boolean>;
  /** Whom the event goes to, how it is delivered, and the job's attempts where only its history knows them. */
  jobEventDelivery(input: JobEventDeliveryInput): Promise<JobEventDelivery>;
}
