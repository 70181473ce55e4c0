import { ApplicationFailure, ChildWorkflowFailure, ActivityFailure, defineQuery, executeChild, proxyActivities, setHandler, upsertMemo } from '@temporalio/workflow';
import type { AuditEventInput, createAuditActivities } from '../activities/audit-log';
import { deliverWebhook, type DeliverWebhookInput } from './deliver-webhook';
import { sendEmail, type SendEmailWorkflowInput } from './send-email';
import { AUDIT_EVENT_CONFLICT, SEQUENCE_STEP_FAILED } from './shared/failure-types';

export type SequenceStep =
  | { type: 'email'; childId: string; input: SendEmailWorkflowInput; continueOnError?: boolean }
  | { type: 'webhook'; childId: string; input: DeliverWebhookInput; continueOnError?: boolean }
  | { type: 'audit'; events: AuditEventInput[]; continueOnError?: boolean };

export interface RunSequenceInput {
  steps: SequenceStep[];
}

export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StepProgress {
  step: number;
  type: SequenceStep['type'];
  status: StepStatus;
  /** The child job that ran an email or webhook step. */
  jobId?: string;
  error?: string;
  result?: unknown;
}

export const progressQuery = defineQuery<StepProgress[]>('progress');

const { insertAuditEvents } = proxyActivities<ReturnType<typeof createAuditActivities>>({
  startToCloseTimeout: '1 minute',
  // Idempotent on event ids; the deadline bounds a database outage for a step others wait on.
  scheduleToCloseTimeout: '1 hour',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: [AUDIT_EVENT_CONFLICT] },
});

/**
 * Runs steps in order, each with its own retries: email and webhook steps as child workflows (the
 * same workflows as standalone jobs), audit steps as the idempotent insert. A failed step stops the
 * sequence unless it says continueOnError. Progress is kept in the memo, so the job view shows it.
 */
export async function runSequence({ steps }: RunSequenceInput): Promise<{ steps: StepProgress[] }> {
  const progress: StepProgress[] = steps.map((s, i) => ({ step: i + 1, type: s.type, status: 'pending', ...('childId' in s ? { jobId: s.childId } : {}) }));
  setHandler(progressQuery, () => progress);
  const report = (i: number, change: Partial<StepProgress>): void => {
    progress[i] = { ...progress[i]!, ...change };
    upsertMemo({ progress });
  };

  for (const [i, step] of steps.entries()) {
    report(i, { status: 'running' });
    try {
      const result = await runStep(step);
      report(i, { status: 'succeeded', result });
    } catch (err) {
      if (!(err instanceof ChildWorkflowFailure || err instanceof ActivityFailure)) throw err;
      const message = err.cause?.message ?? err.message;
      report(i, { status: 'failed', error: message });
      if (step.continueOnError) continue;
      for (let rest = i + 1; rest < steps.length; rest++) report(rest, { status: 'skipped' });
      throw ApplicationFailure.nonRetryable(`step ${i + 1} (${step.type}) failed: ${message}`, SEQUENCE_STEP_FAILED, { step: i + 1, progress });
    }
  }
  return { steps: progress };
}

async function runStep(step: SequenceStep): Promise<unknown> {
  switch (step.type) {
    case 'email':
      return executeChild(sendEmail, { workflowId: step.childId, args: [step.input] });
    case 'webhook': {
      const { statusCode, attempts } = await executeChild(deliverWebhook, { workflowId: step.childId, args: [step.input] });
      return { statusCode, attempts };
    }
    case 'audit':
      return insertAuditEvents(step.events);
  }
}
