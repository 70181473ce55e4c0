/** A recipients cursor this server did not issue: the API answers 400 naming `cursor`. */
export class InvalidRecipientCursorError extends Error {
  override readonly name = 'InvalidRecipientCursorError';

  constructor() {
    super('cursor is not from a previous page of this listing');
  }
}
