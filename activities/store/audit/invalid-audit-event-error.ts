/** An audit event the store can never accept as given: retrying the same input gives the same answer. */
export class InvalidAuditEventError extends Error {
  override readonly name = 'InvalidAuditEventError';

  constructor(
    readonly eventId: string | undefined,
    message: string,
  ) {
    super(eventId === undefined ? message : `audit event ${JSON.stringify(eventId)}: ${message}`);
  }
}
