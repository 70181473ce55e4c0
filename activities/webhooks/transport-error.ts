import { WebhookTargetForbiddenError } from './webhook-target-forbidden-error';

function* errorChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  const queue = [error];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next)) continue;
    seen.add(next);
    yield next;
    if (next instanceof AggregateError) queue.push(...(next.errors as unknown[]));
    if (next instanceof Error && next.cause !== undefined) queue.push(next.cause);
  }
}

/** The SSRF refusal behind a failed request, however undici or net wrapped it. */
export function findTargetForbidden(error: unknown): WebhookTargetForbiddenError | undefined {
  for (const candidate of errorChain(error)) {
    if (candidate instanceof WebhookTargetForbiddenError) return candidate;
  }
  return undefined;
}

/** One line for the attempt log, e.g. "connect ECONNREFUSED 127.0.0.1:9 (ECONNREFUSED)". */
export function describeTransportError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Happy-eyeballs failures are AggregateErrors with an empty message; their parts say what happened.
  const message =
    error.message ||
    (error instanceof AggregateError
      ? error.errors.map((inner) => String((inner as Error)?.message ?? inner)).join('; ')
      : error.name);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
