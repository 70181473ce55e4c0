/** A request that passed its schema but names something that cannot be used: a 400 naming the field. */
export class InvalidStartError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A field larger than the kind allows: a 413 naming the field, so a client knows to shrink it rather than fix it. */
export class StartTooLargeError extends InvalidStartError {}

/** The request is valid but its target refuses work now (a disabled webhook endpoint): a 409. */
export class StartConflictError extends Error {}

/** The request names something that does not exist (a task type): a 404, nothing started. */
export class StartNotFoundError extends Error {}
