import type { Client } from 'openapi-fetch';
import type { paths } from './api-types';
import { AfterwardError } from './errors';
import type { CallOptions } from './types';

/** The typed calls of the OpenAPI document (openapi-fetch), that every resource makes its calls with. */
export type Api = Client<paths>;

/** The success answer's body; any other answer becomes an AfterwardError. */
export async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw AfterwardError.from(response, error);
  return data as T;
}

/** The init of a call made with these options. */
export function callInit({ idempotencyKey, signal }: CallOptions = {}): {
  headers: Record<string, string>;
  signal?: AbortSignal;
} {
  return { headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}, ...(signal ? { signal } : {}) };
}
