import type { EmailBatchStore, RecipientResult } from '../store';

export interface ResultWriter {
  /** Queues a result; it is written with whatever else arrived while the previous write ran. */
  add(result: RecipientResult): void;
  /** Resolves once everything added is written; rejects with the first failed write. */
  flushed(): Promise<void>;
}

/**
 * Writes each result right after its SMTP answer, grouped: while one transaction commits, the results that
 * arrive queue for the next, so a batch pays one commit (an fsync on SQLite) per group rather than per message,
 * and a worker killed mid-batch has at most the sends under way and one group unwritten (sent again, same Message-ID).
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
