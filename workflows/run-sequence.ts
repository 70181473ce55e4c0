import {
  ApplicationFailure,
  ChildWorkflowFailure,
  ActivityFailure,
  TemporalFailure,
  defineQuery,
  executeChild,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import type { AuditEventInput, createAuditActivities } from '../activities/audit-log';
import { deliverWebhook, type DeliverWebhookInput } from './deliver-webhook';
import { ping, type PingInput } from './ping';
import { runTask, type RunTaskInput } from './run-task';
import { sendEmail, type SendEmailWorkflowInput } from './send-email';
import { dueTime } from './shared/due-time';
import { AUDIT_EVENT_CONFLICT, SEQUENCE_STEP_FAILED } from './shared/failure-types';
import { reportingClose } from './shared/job-phase';
import { refuseEverySignal } from './shared/rejected-signals';
import { type ChildStep, stepMemo, stepMetadata, stepSearchAttributes } from './shared/step-metadata';

/**
 * A step of a sequence the API started carries its ids (child job `<sequence id>-step<N>`, audit event ids and
 * times). A schedule's runs share one input, so its steps leave them out and each run derives its own: the
 * child job `<run id>-step<N>`, the audit event `<run id>-step<N>` at the run's due time.
 */
export type SequenceStep =
  | { type: 'email'; childId?: string; input: SendEmailWorkflowInput; continueOnError?: boolean }
  | { type: 'webhook'; childId?: string; input: DeliverWebhookInput; continueOnError?: boolean }
  | { type: 'audit'; events: AuditStepEvent[]; continueOnError?: boolean }
  | { type: 'ping'; childId?: string; input: PingInput; continueOnError?: boolean }
  | { type: 'task'; childId?: string; input: RunTaskInput; continueOnError?: boolean }
  | { type: 'wait'; delayMs: number; continueOnError?: boolean };

export type AuditStepEvent = Omit<AuditEventInput, 'id' | 'at'> & Partial<Pick<AuditEventInput, 'id' | 'at'>>;

export interface RunSequenceInput {
  steps: SequenceStep[];
  /**
   * Set by a retry of a failed run: the steps (1-based) that succeeded there, with their results. They are
   * reported as succeeded and not run again, so a retry resumes at the first step that did not succeed.
   */
  completed?: { step: number; result: unknown }[];
}

export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StepProgress {
  step: number;
  type: SequenceStep['type'];
  status: StepStatus;
  /** The child job that ran an email, webhook, ping or task step. */
  jobId?: string;
  error?: string;
  result?: unknown;
  /** True for a step a retry carried over from the failed run instead of running it again. */
  carriedOver?: boolean;
}

/** details[0] of a sequence's failure: the step, and its own failure's protocol code (SMTP reply, HTTP status). */
export interface SequenceFailureDetails {
  step: number;
  code?: string | number;
  progress: StepProgress[];
}

export const progressQuery = defineQuery<StepProgress[]>('progress');

const { insertAuditEvents } = proxyActivities<ReturnType<typeof createAuditActivities>>({
  startToCloseTimeout: '1 minute',
  // Idempotent on event ids; the deadline bounds a database outage for a step others wait on.
  scheduleToCloseTimeout: '1 hour',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [AUDIT_EVENT_CONFLICT],
  },
});

/**
 * Runs steps in order, each with its own retries: email and webhook steps as child workflows (the
 * same workflows as standalone jobs), audit steps as the idempotent insert. A failed step stops the
 * sequence unless it says continueOnError. Progress is kept in the memo, so the job view shows it.
 */
export async function runSequence(input: RunSequenceInput): Promise<{ steps: StepProgress[] }> {
  return reportingClose(() => sequence(input), firstRunAttempt);
}

/**
 * A sequence counts its runs (the job view's closedAttempts): a first run closes with 1; a retry does not know how
 * many ran before it, says nothing, and is described.
 */
const firstRunAttempt = (): number | undefined => (workflowInfo().memo?.retryOf === undefined ? 1 : undefined);

async function sequence({ steps, completed = [] }: RunSequenceInput): Promise<{ steps: StepProgress[] }> {
  const { workflowId } = workflowInfo();
  const stepId = (i: number): string => `${workflowId}-step${i + 1}`;
  const progress: StepProgress[] = steps.map((s, i) => ({
    step: i + 1,
    type: s.type,
    status: 'pending',
    ...('input' in s ? { jobId: s.childId ?? stepId(i) } : {}),
  }));
  setHandler(progressQuery, () => progress);
  refuseEverySignal();
  const report = (i: number, change: Partial<StepProgress>): void => {
    progress[i] = { ...progress[i]!, ...change };
    upsertMemo({ progress });
  };

  for (const [i, step] of steps.entries()) {
    const carried = completed.find((c) => c.step === i + 1);
    if (carried) {
      report(i, { status: 'succeeded', result: carried.result, carriedOver: true });
      continue;
    }
    report(i, { status: 'running' });
    try {
      const result = await runStep(step, stepId(i), i);
      report(i, { status: 'succeeded', result });
    } catch (err) {
      if (!(err instanceof ChildWorkflowFailure || err instanceof ActivityFailure)) throw err;
      const own = stepFailure(err);
      report(i, { status: 'failed', error: own.message });
      if (step.continueOnError) continue;
      for (let rest = i + 1; rest < steps.length; rest++) report(rest, { status: 'skipped' });
      const details: SequenceFailureDetails = {
        step: i + 1,
        ...(own.code !== undefined ? { code: own.code } : {}),
        progress,
      };
      // The step's failure is the cause: the job view shows its type, message and code beside the sequence's.
      throw ApplicationFailure.create({
        message: `step ${i + 1} (${step.type}) failed: ${own.message}`,
        type: SEQUENCE_STEP_FAILED,
        nonRetryable: true,
        details: [details],
        cause: err,
      });
    }
  }
  return { steps: progress };
}

/**
 * What a step's failure really was: the first application failure down the chain (a child's failure wraps
 * its activity's, which wraps what the activity threw: "Activity task failed" says nothing by itself).
 */
function stepFailure(err: TemporalFailure): { message: string; code?: string | number } {
  let current: Error = err;
  while (!(current instanceof ApplicationFailure) && current.cause instanceof TemporalFailure) current = current.cause;
  const detail = (current instanceof ApplicationFailure ? current.details?.[0] : undefined) as
    { smtpCode?: number; statusCode?: number; code?: string | number } | undefined;
  const code = detail?.smtpCode ?? detail?.statusCode ?? detail?.code;
  return { message: current.message, ...(code !== undefined ? { code } : {}) };
}

async function runStep(step: SequenceStep, id: string, index: number): Promise<unknown> {
  const { workflowId: sequenceId } = workflowInfo();
  const child = (s: ChildStep) => ({
    workflowId: s.childId ?? id,
    typedSearchAttributes: stepSearchAttributes(s, sequenceId),
    memo: stepMemo(s),
    ...stepMetadata(s, index, sequenceId),
  });
  switch (step.type) {
    case 'email':
      return executeChild(sendEmail, { ...child(step), args: [step.input] });
    case 'webhook': {
      const { statusCode, attempts } = await executeChild(deliverWebhook, { ...child(step), args: [step.input] });
      return { statusCode, attempts };
    }
    case 'audit':
      return insertAuditEvents(
        step.events.map((e, j) => ({
          ...e,
          id: e.id ?? (j === 0 ? id : `${id}-${j + 1}`),
          at: e.at ?? dueTime().toISOString(),
        })),
      );
    case 'ping':
      return executeChild(ping, { ...child(step), args: [step.input] });
    case 'task': {
      const { result, statusCode, attempts } = await executeChild(runTask, { ...child(step), args: [step.input] });
      return { result, statusCode, attempts };
    }
    case 'wait':
      await sleep(step.delayMs);
      return { waitedMs: step.delayMs };
  }
}
