export interface ProblemType {
  status: number;
  /** The same for every occurrence (RFC 9457 §3.1.3); `detail` says what happened this time. */
  title: string;
  /** What it means and what the problem carries besides the standard members, for /docs/problems and docs/api.md. */
  meaning: string;
}

/**
 * Every kind of problem the API answers with, in one table: an HttpError is made from a key of it, and
 * the /docs/problems page, the OpenAPI document and a test of docs/api.md are derived from it.
 */
export const PROBLEM_TYPES = {
  validation: {
    status: 400,
    title: 'Invalid request',
    meaning:
      'A body field, query parameter or header is wrong. `errors` names each: `field`, `message`, and `in` (`query` or `header`) when it is not in the body. An unknown name says which known one it may be a typo of.',
  },
  'malformed-json': {
    status: 400,
    title: 'Malformed JSON',
    meaning:
      'The body is not JSON. `detail` says where the parser stopped (line and column), and `errors` holds it under the field `(body)`.',
  },
  'unknown-signal': {
    status: 400,
    title: 'Unknown signal',
    meaning: 'The job has no signal of that name: `validSignals` lists those it has.',
  },
  'undecodable-payloads': {
    status: 400,
    title: 'Payloads could not be decoded',
    meaning: 'The codec could not encrypt or decrypt a payload (a key it does not hold, or corrupt data).',
  },
  'bad-request': {
    status: 400,
    title: 'Bad request',
    meaning: 'The request could not be read, e.g. a body shorter than its `Content-Length`.',
  },
  unauthorized: {
    status: 401,
    title: 'Unauthorized',
    meaning:
      'No API key, or one the server does not hold. `WWW-Authenticate` says how to send one (`Bearer realm="afterward"`), with `error="invalid_token"` when a key was sent.',
  },
  forbidden: {
    status: 403,
    title: 'Forbidden',
    meaning: "The API key lacks the route's scope: `requiredScopes` lists the scopes, any one of which will do.",
  },
  'not-found': {
    status: 404,
    title: 'Not found',
    meaning: 'No route has this path, or there is no job, schedule, webhook endpoint or task type with this id.',
  },
  'method-not-allowed': {
    status: 405,
    title: 'Method not allowed',
    meaning: 'The path exists, but not with this method: `Allow` lists the methods it has.',
  },
  conflict: {
    status: 409,
    title: 'Conflict',
    meaning:
      'The request conflicts with the resource as it is now (a closed job, a taken id, other content under a recorded audit event id): `detail` says which.',
  },
  'payload-too-large': {
    status: 413,
    title: 'Payload too large',
    meaning:
      'The body is over `HTTP_MAX_BODY_BYTES`, or a job input over what a job can hold (then `errors` names the field).',
  },
  'unsupported-media-type': {
    status: 415,
    title: 'Unsupported media type',
    meaning: 'The body is not `application/json`.',
  },
  'idempotency-key-reused': {
    status: 422,
    title: 'Idempotency-Key reused',
    meaning: 'The `Idempotency-Key` was sent before with another body.',
  },
  'rate-limited': {
    status: 429,
    title: 'Too many requests',
    meaning: "Over the API key's rate: `Retry-After` says in how many seconds to try again.",
  },
  'internal-error': {
    status: 500,
    title: 'Internal server error',
    meaning: 'An unexpected failure. The log has it under the `requestId`; the answer says nothing more.',
  },
  'not-implemented': {
    status: 501,
    title: 'Not implemented',
    meaning: 'The server does not serve this HTTP method on any path.',
  },
  'temporal-unavailable': {
    status: 503,
    title: 'Temporal unavailable',
    meaning: 'The Temporal server did not answer: try again after `Retry-After`.',
  },
  'audit-backlogged': {
    status: 503,
    title: 'Audit log backlogged',
    meaning: 'The audit log writer is behind: try again after `Retry-After`.',
  },
} as const satisfies Record<string, ProblemType>;

export type ProblemKind = keyof typeof PROBLEM_TYPES;

/** The page documenting every problem type, one anchor each. */
export const PROBLEMS_PAGE = '/docs/problems';

/**
 * A problem's `type`: a reference with the full path, as RFC 9457 §3.1.1 asks of a relative one. Each
 * deployment serves its own documentation, so the type resolves, against the API that answered, to the
 * page of the version that answered, and it is the same string on every deployment for clients to match.
 */
export function problemTypeUri(kind: ProblemKind): string {
  return `${PROBLEMS_PAGE}#${kind}`;
}
