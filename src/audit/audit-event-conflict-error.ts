/** Events whose ids the audit log already holds with other content: none of the request was accepted. */
export class AuditEventConflictError extends Error {
  override readonly name = 'AuditEventConflictError';

  constructor(
    /** Where each conflicting event is in the request, and its id. */
    readonly conflicts: readonly { index: number; id: string }[],
  ) {
    super(
      `${conflicts.map(({ id }) => JSON.stringify(id)).join(', ')} ${conflicts.length === 1 ? 'is' : 'are'} already recorded with other content`,
    );
  }
}
