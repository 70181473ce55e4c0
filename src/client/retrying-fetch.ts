import { delayBeforeRetry, isIdempotent, RETRIED_STATUSES, type RetryOptions } from './retry-policy';

export type Fetch = (input: Request) => Promise<Response>;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * `fetch` that tries a call again on 429 and 503 (any call: the server did nothing), and after a network error
 * or a timeout only when the call is idempotent; each try within `timeoutMs`. The caller's signal stops it all.
 */
export function retryingFetch(
  fetch: (input: Request, init?: RequestInit) => Promise<Response>,
  retry: Required<RetryOptions>,
  timeoutMs: number,
): Fetch {
  return async (request) => {
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= retry.attempts;
      let response: Response;
      try {
        // Each try sends a copy: a body can be read once.
        response = await fetch(request.clone(), {
          signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]),
        });
      } catch (err) {
        if (last || request.signal.aborted || !isIdempotent(request.method, request.headers)) throw err;
        await sleep(delayBeforeRetry(attempt, null, retry), request.signal);
        continue;
      }
      if (last || !RETRIED_STATUSES.has(response.status)) return response;
      const retryAfter = response.headers.get('retry-after');
      await response.body?.cancel();
      await sleep(delayBeforeRetry(attempt, retryAfter, retry), request.signal);
    }
  };
}
