import type { Client, Workflow } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import type { z } from 'zod';
import type { SequenceStep } from '../../workflows/run-sequence';
import type { AuditConfig, EmailConfig, TaskConfig, WebhookConfig } from '../config';
import type { JobError } from '../jobs/job-error';
import type { Scope } from '../security/scopes';
import type { Store } from '../store/open-store';

/** What the kinds are built from: settings, and the store for kinds that look things up (webhook endpoints). */
export interface KindDeps {
  email: EmailConfig;
  webhooks: WebhookConfig;
  audit: AuditConfig;
  tasks: TaskConfig;
  /** Absent where only schemas are needed (the OpenAPI document, the schedules file check). */
  store?: Store;
}

/** One workflow start a request asks for; made with plannedJob, which types its arguments. */
export interface PlannedJob {
  jobId: string;
  workflow: Workflow;
  args: unknown[];
  /** A redacted summary of the input, kept in the memo for listings; never secrets or full bodies. */
  summary: unknown;
  scheduledFor?: Date;
  tags?: string[];
  /** Search attributes of this kind (e.g. the webhook endpoint), on top of kind, tags and time. */
  searchAttributes?: SearchAttributePair[];
}

export interface PlanContext {
  taskQueue: string;
  /**
   * The id of the job for this request (or of its `part`, for a kind that starts several): derived from
   * the Idempotency-Key when there is one, so a retried request names the same job; else a new id.
   */
  jobIdFor(kind: string, part?: string): string;
}

/** What a request starts, and the 202 body made from the jobs as started (absent: the one job). */
export interface StartPlan {
  jobs: PlannedJob[];
  answer?(jobs: readonly object[]): unknown;
}

/** `POST /v1/<path>`: the request schema and how a valid request becomes jobs. */
export interface StartRoute<R> {
  /** Its parameters (`/v1/tasks/:type`) are fields of the request, as if the body held them. */
  path: string;
  /** The name a generated client gives the call (`sendEmail`). */
  operationId: string;
  /** Who may call it; absent: `jobs:write`. */
  scopes?: readonly Scope[];
  summary: string;
  schema(deps: KindDeps): z.ZodType<R>;
  plan(request: R, deps: KindDeps, ctx: PlanContext): Promise<StartPlan>;
}

/** A control of a running job: an update the API sends (validated, answers the new state), and its signal twin. */
export interface JobControl {
  summary: string;
  schema?: z.ZodType;
  send(client: Client, id: string, body: unknown): Promise<unknown>;
}

/** A schedule's `job` of this kind: its input as the start route takes it, less what the schedule decides. */
export interface ScheduleAdapter {
  /** The workflow each run starts, where it is not the kind's own (a webhook schedule's runs fan out). */
  workflow?: Workflow;
  input(deps: KindDeps): z.ZodType;
  /** One run on `taskQueue`: arguments shared by every run (ids derive from each run's workflow id). */
  start(
    input: unknown,
    deps: KindDeps,
    taskQueue: string,
  ): { args: unknown[]; summary: unknown; tags?: string[]; priority?: number };
  /** `job.input` back from a schedule's arguments and tags (GET shows it, PATCH merges into it). */
  inputOf(args: unknown[], tags: string[] | undefined, priority: number | undefined): unknown;
}

/** A step of a sequence of this kind: the input its own endpoint takes, and the step the workflow runs. */
export interface StepAdapter {
  input(deps: KindDeps): z.ZodType;
  /** The input in a schedule's sequence, where it differs: less what each run decides (an audit event's id and time). */
  scheduledInput?(deps: KindDeps): z.ZodType;
  /**
   * What must hold when the API accepts the sequence, beyond the schema (a webhook step's endpoint exists and
   * is enabled). A schedule's runs meet what is there when they run.
   */
  check?(input: unknown, deps: KindDeps): Promise<void>;
  /** The step; without `childId` (a schedule's, whose runs share one input) each run derives its ids from its own. */
  build(input: unknown, deps: KindDeps, o: { taskQueue: string; childId?: string }): SequenceStep;
  /** The step's input back from the step (a schedule's `job.input` round trip). */
  inputOf(step: SequenceStep): unknown;
}

/**
 * Where a running job that schedules its own attempts stands (webhooks: one activity per attempt, a durable timer
 * between them): between attempts nothing is pending, so describe cannot tell that it is retrying.
 */
export interface OwnAttempts {
  /** Made so far, counting one under way. */
  attempts: number;
  /** The last attempt's failure, while another is due. */
  lastError?: JobError;
  nextAttemptAt?: string;
  /** Every attempt so far, as the job's workflow records them. */
  attemptLog?: unknown[];
}

/** Everything about one kind of job; the routes, OPERATIONS, schedules, sequences and controls derive from it. */
export interface JobKind {
  /** The JobKind search attribute and the prefix of its job ids. */
  name: string;
  workflow: Workflow;
  /**
   * What a job of this kind is, in one line of Temporal's UI (after `<kind> · `), from its redacted summary (the
   * memo's `input`, PlannedJob.summary): pure, so the workflows that start jobs reuse it (workflows/shared/summary-lines.ts).
   */
  summaryLine(summary: unknown): string;
  /**
   * The activities whose attempts are the job's attempts, read from its history once it has closed without
   * saying (a failure, a cancellation). None: the job has no side effect of its own, and counts its runs.
   */
  attemptActivities: readonly string[];
  /**
   * Present for a kind whose side effects can be rate-limited across all workers: its attemptActivities run on
   * a task queue of its own (`<task queue>-<kind>`, Temporal limits per queue), at most this many per second
   * (undefined: no limit; the queue is polled all the same).
   */
  rateLimit?(deps: Pick<KindDeps, 'email' | 'webhooks'>): number | undefined;
  start?: StartRoute<never>;
  controls?: Readonly<Record<string, JobControl>>;
  schedule?: ScheduleAdapter;
  step?: StepAdapter;
  /**
   * Its workflow reports where it stands (workflows/shared/job-phase.ts): a listing filters on the JobPhase search
   * attribute and shows attempts and the last error from the memo. Absent: a listing describes each of its jobs.
   */
  reportsPhase?: boolean;
  /** A running job's own attempt loop, asked of its workflow (a query: undefined when no worker answers in time). */
  ownAttempts?(client: Client, id: string): Promise<OwnAttempts | undefined>;
  /** The job's `result` from what its workflow returned, where it is not all of it (a task: the app's answer). */
  resultOf?(workflowResult: unknown): unknown;
  /** The arguments of a retry, from the failed run's and its memo; absent: the same arguments again. */
  retryArgs?(args: unknown[], failedMemo: Record<string, unknown> | undefined): unknown[];
}

/** A planned start whose arguments are checked against its workflow's parameters. */
export function plannedJob<W extends Workflow>(
  workflow: W,
  args: Parameters<W>,
  job: Omit<PlannedJob, 'workflow' | 'args'>,
): PlannedJob {
  return { workflow, args, ...job };
}

/** Types a kind's start route against its own request schema, then erases the type for the registry list. */
export function startRoute<R>(route: StartRoute<R>): StartRoute<never> {
  return route as unknown as StartRoute<never>;
}
