// `afterward/client`: the typed client of the Afterward API. No Node-only imports: it runs wherever fetch does.
export { Afterward, type AfterwardOptions } from './afterward';
export type { EmailBatchRequest, RecipientQuery } from './email-batches';
export { AfterwardError, AfterwardTimeoutError, type FieldError } from './errors';
export type { WaitOptions } from './jobs';
export type { RetryOptions } from './retry-policy';
export type {
  AuditEvent,
  CallOptions,
  EmailRequest,
  Job,
  JobListQuery,
  JobPage,
  JobStatus,
  JobSummary,
  TaskOptions,
  WebhookRequest,
} from './types';
export type { paths, components, operations } from './api-types';
