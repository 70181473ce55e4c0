/** A batch id (one Idempotency-Key) already names a batch made from another request: nothing was written. */
export class EmailBatchExistsError extends Error {
  override readonly name = 'EmailBatchExistsError';

  constructor(readonly batchId: string) {
    super(`email batch ${batchId} already exists with other content`);
  }
}
