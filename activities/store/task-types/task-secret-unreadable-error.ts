/** The stored task signing secret cannot be decrypted: its key is not in PAYLOAD_KEYS, or is not the key that encrypted it. */
export class TaskSecretUnreadableError extends Error {
  override readonly name = 'TaskSecretUnreadableError';

  constructor(
    readonly keyId: string,
    options: { cause: unknown },
  ) {
    super(
      `The task signing secret is encrypted with key ${JSON.stringify(keyId)}, which PAYLOAD_KEYS does not open: put the key back, or set TASK_SIGNING_SECRET`,
      options,
    );
  }
}
