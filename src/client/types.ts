// The client's types, read off the OpenAPI document's types (api-types.ts, made by `npm run openapi:types`).
import type { paths } from './api-types';

type Operation<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];
type JsonOf<C> = C extends { content: { 'application/json': infer B } } ? B : undefined;
type SuccessOf<R> = R[Extract<keyof R, 200 | 201 | 202 | 204 | '2XX'>];

/** The JSON body an operation takes. */
export type Body<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
/** Its query parameters. */
export type Query<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
/** The JSON of its success answer. */
export type Answer<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { responses: infer R } ? JsonOf<SuccessOf<R>> : never;

export type JobStatus = NonNullable<Query<'/v1/jobs', 'get'>['status']>;

export type Job = Answer<'/v1/jobs/{id}', 'get'>;
export type JobListQuery = Query<'/v1/jobs', 'get'>;
export type JobPage = Answer<'/v1/jobs', 'get'>;
/** A job as a list gives it: what visibility holds, without its attempts and result. */
export type JobSummary = JobPage['jobs'][number];

export type EmailRequest = Body<'/v1/emails', 'post'>;
export type WebhookRequest = Body<'/v1/webhooks', 'post'>;
/** A task start's options besides its payload; the type is the path's. */
export type TaskOptions = Omit<Body<'/v1/tasks/{type}', 'post'>, 'type' | 'payload'>;
export type AuditEvent = Body<'/v1/audit-events', 'post'>;

/** What every call takes. */
export interface CallOptions {
  /** Sent as Idempotency-Key: the same key answers the same job again, and makes the call safe to retry. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}
