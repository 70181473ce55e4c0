// What the app's answer to a task call means: the attempt's outcome, its result, or "I will finish it later".
import { classifyStatus } from '../webhooks/classify-status';
import type { WebhookResponse } from '../webhooks/http-client';
import type { TaskAttemptOutcome } from './task-attempt';

const SNIPPET_BYTES = 1024;

/** The webhooks' policy, but 409 means "busy with this job" (a lock, an earlier attempt still running): later it may pass. */
export function classifyTaskStatus(statusCode: number): TaskAttemptOutcome {
  if (statusCode === 409) return 'retry';
  const outcome = classifyStatus(statusCode);
  if (outcome === 'delivered') return 'succeeded';
  // 410 is no special case: the app has no endpoint to switch off, only this job to refuse.
  return outcome === 'gone' ? 'rejected' : outcome;
}

function header(response: WebhookResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isJson(response: WebhookResponse): boolean {
  const mediaType = header(response, 'content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(mediaType);
}

function parsedJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** The 2xx body as the job's result: JSON when labelled so (and whole), else text; null when empty. */
export function taskResult(response: WebhookResponse): { result: unknown; resultTruncated?: true } {
  if (response.truncated) return { result: response.snippet, resultTruncated: true };
  if (response.snippet === '') return { result: null };
  // A body labelled JSON that does not parse is kept as the text the app sent, not lost.
  const json = isJson(response) ? parsedJson(response.snippet) : undefined;
  return { result: json ? json.value : response.snippet };
}

/** A 202 saying the app will report the outcome itself (POST /v1/jobs/:id/complete or /fail). */
export function isAsyncAcceptance(response: WebhookResponse): boolean {
  if (response.statusCode !== 202) return false;
  if (header(response, 'afterward-async')?.trim().toLowerCase() === 'true') return true;
  // Whatever the content type: an app that wrote {"async": true} meant it.
  const body = response.truncated ? undefined : parsedJson(response.snippet)?.value;
  return typeof body === 'object' && body !== null && (body as { async?: unknown }).async === true;
}

/** The first 1 KiB of the body, for the attempt log. */
export function responseSnippet(body: string): string {
  return Buffer.from(body, 'utf8').subarray(0, SNIPPET_BYTES).toString('utf8');
}
