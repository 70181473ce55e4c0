import {
  ActivityCancellationType,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineSignal,
  defineUpdate,
  proxyActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { createEmailBatchActivities } from '../activities/email-batches/send-batch-chunk';
import type { BatchProgress } from '../activities/store';
import type { EmailRetryPolicy } from './send-email';
import { EMAIL_BATCH_MISSING } from './shared/failure-types';
import { type OpenJobPhase, reportJobClosing, reportJobPhase } from './shared/job-phase';
import { JOB_SCHEDULED_FOR } from './shared/search-attributes';

export interface SendEmailBatchInput {
  /** The batch's row in Afterward's database, which holds its template and recipients: its job id. */
  batchId: string;
  /** Per recipient: transient failures are tried again with this backoff until the deadline. */
  retry: EmailRetryPolicy;
  /** Chunks per run before the batch continues as new (history stays bounded). Default 100. */
  chunksPerRun?: number;
  /** Carried over continue-as-new: the pause control's state. */
  paused?: boolean;
}

/** What the job's `progress` shows. */
export type EmailBatchProgress = BatchProgress & { paused: boolean };

export const pauseUpdate = defineUpdate<EmailBatchProgress | null, []>('pause');
export const resumeUpdate = defineUpdate<EmailBatchProgress | null, []>('resume');
export const pauseSignal = defineSignal<[]>('pause');
export const resumeSignal = defineSignal<[]>('resume');
/** Sent after failed recipients were made pending again (retry-failed): look for due recipients at once. */
export const recipientsRequeuedSignal = defineSignal<[]>('recipientsRequeued');

const DEFAULT_CHUNKS_PER_RUN = 100;

/**
 * Sends an email batch, a chunk of due recipients per activity, until none is pending. The recipients and their
 * results live in the database, so history holds only the chunks' counts and the run continues as new every
 * `chunksPerRun` chunks. Recipients with a later `sendAt` wait on a durable timer. Pause takes effect once the
 * chunk under way ends (about a second of sends); cancel stops after the sends under way are recorded.
 */
export async function sendEmailBatch(input: SendEmailBatchInput): Promise<BatchProgress> {
  let paused = input.paused ?? false;
  let requeued = false;
  let progress: BatchProgress | undefined;
  const shown = (): EmailBatchProgress | null => (progress ? { ...progress, paused } : null);
  const show = () => progress && upsertMemo({ progress: shown() });
  const setPaused = (value: boolean) => {
    paused = value;
    show();
    return shown();
  };
  setHandler(pauseUpdate, () => setPaused(true));
  setHandler(resumeUpdate, () => setPaused(false));
  setHandler(pauseSignal, () => void setPaused(true));
  setHandler(resumeSignal, () => void setPaused(false));
  setHandler(recipientsRequeuedSignal, () => void (requeued = true));
  const phase = (p: OpenJobPhase) => reportJobPhase({ phase: p, attempts: 1, lastError: null, nextAttemptAt: null });

  const { sendBatchChunk } = proxyActivities<ReturnType<typeof createEmailBatchActivities>>({
    // A chunk is about a second of sends; the heartbeat notices a lost worker long before this.
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '20 seconds',
    // A cancelled batch closes once the sends under way are recorded, so its listing says what went out.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    // Per-recipient failures are recorded, not thrown: what fails the activity is the database or the worker.
    retry: {
      initialInterval: '1 second',
      maximumInterval: '30 seconds',
      nonRetryableErrorTypes: [EMAIL_BATCH_MISSING],
    },
  });

  phase('running');
  for (let chunks = 1; ; chunks++) {
    await condition(() => !paused);
    requeued = false;
    const chunk = await sendBatchChunk({ batchId: input.batchId, retry: input.retry });
    progress = chunk.progress;
    show();
    if (progress.pending === 0 && !requeued) break;
    const waitMs = chunk.tried === 0 && chunk.nextDueAt ? Date.parse(chunk.nextDueAt) - Date.now() : 0;
    if (waitMs > 0) {
      // Scheduled for the next due recipient, as a waiting email is for its sendAt: the job view and listings say so.
      upsertSearchAttributes([{ key: JOB_SCHEDULED_FOR, value: new Date(chunk.nextDueAt!) }]);
      phase('scheduled');
      await condition(() => requeued || paused, waitMs);
      upsertSearchAttributes([{ key: JOB_SCHEDULED_FOR, value: null }]);
      phase('running');
    }
    if (workflowInfo().continueAsNewSuggested || chunks >= (input.chunksPerRun ?? DEFAULT_CHUNKS_PER_RUN)) {
      await condition(allHandlersFinished);
      // The memo (progress, phase) and search attributes carry over to the next run.
      return continueAsNew<typeof sendEmailBatch>({ ...input, paused });
    }
  }
  reportJobClosing({ attempts: 1, lastError: null });
  return progress;
}
