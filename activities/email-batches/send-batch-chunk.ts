import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { EmailRetryPolicy } from '../../workflows/send-email';
import { EMAIL_BATCH_MISSING } from '../../workflows/shared/failure-types';
import type { EmailTransport } from '../email';
import {
  type CompiledEmailTemplate,
  compileEmailTemplate,
  renderEmailTemplate,
} from '../email-templates/render-template';
import { RecentlyUsed } from '../store/audit/recently-used';
import type { BatchProgress, DueRecipient, EmailBatch, EmailBatchStore, RecipientResult } from '../store';
import { failedAttempt } from './recipient-outcome';
import { resultWriter } from './result-writer';

export interface EmailBatchActivityDeps {
  transport: EmailTransport;
  defaultFrom: string;
  batches: EmailBatchStore;
}

export interface SendBatchChunkInput {
  batchId: string;
  retry: EmailRetryPolicy;
}

export interface BatchChunkResult {
  progress: BatchProgress;
  /** Recipients this chunk tried; 0: none was due. */
  tried: number;
  /** When the earliest pending recipient is due; absent when none is pending. */
  nextDueAt?: string;
}

/** A chunk is about this long at the batch's rate: a pause or a retry-failed waits at most that for it to end. */
const CHUNK_SECONDS = 1;
const MAX_CHUNK = 2_000;
/** Sends handed to the pooled transport at once: enough to keep every pooled connection busy. */
const MAX_IN_FLIGHT = 16;
/**
 * Shorter waits are not taken: a timer fires after a millisecond at the soonest, which would cap a batch at about
 * 1,000 a second. The due times are absolute, so a send up to this early is made up by the next wait.
 */
const MIN_WAIT_MS = 5;
/** Well below the workflow's heartbeat timeout (20 s). */
const HEARTBEAT_INTERVAL_MS = 2_000;

export const chunkSize = (ratePerSecond: number): number =>
  Math.min(MAX_CHUNK, Math.max(1, Math.ceil(ratePerSecond * CHUNK_SECONDS)));

export function createEmailBatchActivities({ transport, defaultFrom, batches }: EmailBatchActivityDeps) {
  // A batch's template is parsed once per worker, not once per chunk.
  const templates = new RecentlyUsed<CompiledEmailTemplate>(32);

  async function sendOne(batch: EmailBatch, template: CompiledEmailTemplate, r: DueRecipient, retry: EmailRetryPolicy) {
    const firstAttemptAt = r.firstAttemptAt ?? new Date().toISOString();
    const tried = { index: r.index, attempts: r.attempts + 1, firstAttemptAt };
    let rendered;
    try {
      rendered = renderEmailTemplate(template, r.data);
    } catch (err) {
      // Checked when the batch was accepted; the same data renders the same way on every attempt.
      return { ...tried, outcome: 'failed', smtpCode: null, error: (err as Error).message } satisfies RecipientResult;
    }
    try {
      await transport.sendMail({
        from: batch.from ?? defaultFrom,
        to: r.to,
        replyTo: batch.replyTo,
        ...rendered,
        messageId: r.messageId,
      });
      return { ...tried, outcome: 'sent', at: new Date().toISOString() } satisfies RecipientResult;
    } catch (err) {
      return failedAttempt({ ...r, firstAttemptAt }, err, retry, Date.now());
    }
  }

  return {
    /**
     * Sends the batch's next due pending recipients, paced at its rate, and records each result right after
     * the server's answer, so a retry of this activity (a worker lost mid-chunk) sends only what is still
     * pending: a send under way when the worker died goes again, with the same Message-ID. Heartbeats the
     * batch's progress, which the job view shows; on cancellation, finishes the sends under way first.
     */
    async sendBatchChunk({ batchId, retry }: SendBatchChunkInput): Promise<BatchChunkResult> {
      const context = Context.current();
      const signal = context.cancellationSignal;
      const batch = await batches.get(batchId);
      // The row is written before the job starts and never deleted while it runs: a retry finds it no more.
      if (!batch)
        throw ApplicationFailure.nonRetryable(`email batch ${batchId} is not in the database`, EMAIL_BATCH_MISSING);
      const template = templates.get(batchId, () => compileEmailTemplate(batch.template));
      const due = await batches.due(batchId, new Date().toISOString(), chunkSize(batch.ratePerSecond));
      let progress = await batches.progress(batchId);
      const beat = () => context.heartbeat({ progress });
      beat();
      const heartbeat = setInterval(beat, HEARTBEAT_INTERVAL_MS);
      const writer = resultWriter(batches, batchId, (written) => {
        const count = (outcome: RecipientResult['outcome']) => written.filter((r) => r.outcome === outcome).length;
        const [sent, failed] = [count('sent'), count('failed')];
        progress = { ...progress, sent: progress.sent + sent, failed: progress.failed + failed };
        progress.pending = progress.total - progress.sent - progress.failed;
        beat();
      });
      const inFlight = new Set<Promise<void>>();
      const spacingMs = 1000 / batch.ratePerSecond;
      const start = Date.now();
      let tried = 0;
      // Send k starts no earlier than k / rate after the chunk's start, and the chunk lasts at least tried / rate:
      // back to back, chunks keep the batch's rate.
      const paced = (k: number) => {
        const wait = start + k * spacingMs - Date.now();
        return wait >= MIN_WAIT_MS ? sleep(wait, undefined, { signal }).catch(() => undefined) : undefined;
      };
      try {
        for (const recipient of due) {
          await paced(tried);
          while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
          if (signal.aborted) break;
          const send = sendOne(batch, template, recipient, retry).then((result) => writer.add(result));
          inFlight.add(send);
          void send.finally(() => inFlight.delete(send));
          tried++;
        }
        await Promise.all(inFlight);
        await writer.flushed();
        await paced(tried);
      } finally {
        clearInterval(heartbeat);
      }
      if (signal.aborted) throw signal.reason;
      const nextDueAt = await batches.nextDueAt(batchId);
      return { progress: await batches.progress(batchId), tried, ...(nextDueAt ? { nextDueAt } : {}) };
    },
  };
}
