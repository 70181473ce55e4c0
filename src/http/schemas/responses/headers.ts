/** The response headers the document describes (components.headers): every answer carries X-Request-Id. */
export const HEADERS = {
  'X-Request-Id': {
    description: "The request's id: the caller's own X-Request-Id when well-formed, else a new one. The log has it.",
    schema: { type: 'string' },
  },
  Location: { description: 'The URL of the job', schema: { type: 'string', format: 'uri' } },
  'Idempotent-Replayed': {
    description: 'Present (`true`) when an earlier request with this Idempotency-Key started the job',
    schema: { type: 'string', enum: ['true'] },
  },
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
  'WWW-Authenticate': { description: 'How to send an API key (RFC 6750)', schema: { type: 'string' } },
  Allow: { description: 'The methods the path has', schema: { type: 'string' } },
} as const;

export type HeaderName = keyof typeof HEADERS;
