// ApplicationFailure types: PascalCase, stable, exposed by the API as `lastError.type`.
// Activities throw them; workflows and the job view match on them.

/** The SMTP server refused the message for good (5xx reply, bad address, authentication). */
export const SMTP_PERMANENT_FAILURE = 'SmtpPermanentFailure';
/** The SMTP server or the connection failed in a way that may pass (4xx reply, timeout, reset). */
export const SMTP_TRANSIENT_FAILURE = 'SmtpTransientFailure';
/** A reschedule or send-now arrived after the email left the waiting phase. */
export const EMAIL_NOT_WAITING = 'EmailNotWaiting';
/** A reschedule or send-now arrived after the webhook job left the waiting phase. */
export const WEBHOOK_NOT_WAITING = 'WebhookNotWaiting';
/** The webhook receiver answered in a way a retry cannot change (4xx other than 408/425/429). */
export const WEBHOOK_REJECTED = 'WebhookRejected';
/** The webhook endpoint answered 410 Gone: stop sending to it. */
export const WEBHOOK_ENDPOINT_GONE = 'WebhookEndpointGone';
/** The webhook target resolves to an address the SSRF policy forbids. */
export const WEBHOOK_TARGET_FORBIDDEN = 'WebhookTargetForbidden';
/** The webhook endpoint no longer exists or is disabled. */
export const WEBHOOK_ENDPOINT_UNAVAILABLE = 'WebhookEndpointUnavailable';
/** The webhook endpoint's signing secret is encrypted with a key PAYLOAD_KEYS lacks, or with another key under its id. */
export const WEBHOOK_SECRET_UNREADABLE = 'WebhookSecretUnreadable';
/** The receiver failed in a way that may pass (5xx, 408/425/429, network error, timeout). */
export const WEBHOOK_TRANSIENT_FAILURE = 'WebhookTransientFailure';
/** Every attempt of the retry schedule failed, or the delivery deadline passed: the delivery gave up. */
export const WEBHOOK_RETRIES_EXHAUSTED = 'WebhookRetriesExhausted';
/** Audit input the store can never accept (for example, an id reused with other content). */
export const AUDIT_EVENT_CONFLICT = 'AuditEventConflict';
/** A step of a sequence failed and did not say continueOnError; details[0].progress tells which. */
export const SEQUENCE_STEP_FAILED = 'SequenceStepFailed';
/** The stored task signing secret is encrypted with a key PAYLOAD_KEYS lacks. */
export const TASK_SECRET_UNREADABLE = 'TaskSecretUnreadable';
/** A task job names a task type that does not exist (deleted after it was enqueued). */
export const TASK_TYPE_UNKNOWN = 'TaskTypeUnknown';
/** The task type's URL is no longer under an allowed origin, or resolves to an address the SSRF policy forbids. */
export const TASK_TARGET_FORBIDDEN = 'TaskTargetForbidden';
/** The app answered the call in a way a retry cannot change (4xx other than 408/409/425/429, or a redirect). */
export const TASK_REJECTED = 'TaskRejected';
/** The app reported the task failed (POST /v1/jobs/:id/fail) and said not to retry it. */
export const TASK_FAILED_BY_APP = 'TaskFailedByApp';
/** Every attempt the task type allows failed: the task gave up. */
export const TASK_RETRIES_EXHAUSTED = 'TaskRetriesExhausted';
/** A reschedule or send-now arrived after the task left the waiting phase. */
export const TASK_NOT_WAITING = 'TaskNotWaiting';
/** One attempt of a task failed and another is due (the job view's lastError while it retries). */
export const TASK_ATTEMPT_FAILED = 'TaskAttemptFailed';
/** An email batch job whose batch is not in the database (deleted by hand): nothing left to send. */
export const EMAIL_BATCH_MISSING = 'EmailBatchMissing';
