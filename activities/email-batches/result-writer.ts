import { setTimeout as sleep } from 'node:timers/promises';
import type { EmailBatchStore, RecipientResult } from '../store';

/** How long the first result of a group waits for others: one commit per this, at most. */
const GROUP_MS = 20;
/** A group this large is written without waiting. */
const GROUP_SIZE = 100;

export interface ResultWriter {
  /** Queues a result; it is written with whatever else arrived while the previous write ran. */
  add(result: RecipientResult): void;
  /** Resolves once everything added is written; rejects with the first failed write. */
  flushed(): Promise<void>;
}

/**
 * Writes each result right after its SMTP answer, grouped: a result waits at most GROUP_MS for others, and while
 * one transaction commits the results that arrive queue for the next, so a batch pays one commit (an fsync on
 * SQLite, which blocks the worker's event loop) per group rather than per message. A worker killed mid-batch has
 * at most the sends under way and one group unwritten: they go again, with the same Message-IDs.
 */
export function resultWriter(
  store: EmailBatchStore,
  batchId: string,
  onWritten: (results: readonly RecipientResult[]) => void,
): ResultWriter {
  const queued: RecipientResult[] = [];
  let writing: Promise<void> | undefined;
  let failure: unknown;
  const drain = async () => {
    while (queued.length > 0) {
      if (queued.length < GROUP_SIZE) await sleep(GROUP_MS);
      const group = queued.splice(0);
      await store.record(batchId, group);
      onWritten(group);
    }
  };
  return {
    add(result) {
      queued.push(result);
      writing ??= drain()
        .catch((err: unknown) => void (failure ??= err))
        .finally(() => (writing = undefined));
    },
    async flushed() {
      while (writing) await writing;
      if (failure !== undefined) throw failure;
    },
  };
}
