// The HTTP client of task calls: the webhooks' client (SSRF-guarded connector, no redirects, capped reads),
// reading whole results up to 64 KiB and leaving time limits to the task type (callTask's signal).
import { createWebhookHttpClient, type WebhookHttpClient } from '../webhooks/http-client';
import type { AllowList } from '../webhooks/ssrf-policy';

/** A result larger than this is cut: the job's result lives in workflow history. */
export const MAX_RESULT_BYTES = 64 * 1024;

export interface TaskHttpClientOptions {
  /** TASK_ALLOW_LIST plus the address of every origin given as one (config.tasks.allowList). */
  allowList: AllowList;
  connectTimeoutMs?: number;
}

/** One per worker. */
export function createTaskHttpClient({ allowList, connectTimeoutMs }: TaskHttpClientOptions): WebhookHttpClient {
  return createWebhookHttpClient({
    allow: allowList,
    connectTimeoutMs,
    // A task may run for as long as its type says: callTask's signal ends the call, not the client.
    attemptTimeoutMs: 0,
    headersTimeoutMs: 0,
    bodyTimeoutMs: 0,
    maxResponseBytes: MAX_RESULT_BYTES,
    snippetBytes: MAX_RESULT_BYTES,
    // Every call in flight holds an activity slot: the worker's and the type's concurrency bound connections.
    maxConnectionsPerOrigin: 0,
  });
}
