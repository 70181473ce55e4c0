/** A list query with a malformed cursor, limit or time bound (a client error, 400 over HTTP). */
export class InvalidAuditQueryError extends Error {
  override readonly name = 'InvalidAuditQueryError';
}
