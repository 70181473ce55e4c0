import { type SignatureHeaders } from './signature';

/** Headers a caller may not set: ours (signature, content type) and those that would break framing. */
const RESERVED = new Set([
  'content-type',
  'content-length',
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'upgrade',
  'expect',
  'trailer',
]);

export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED.has(lower) || lower.startsWith('webhook-');
}

/** Custom headers first, then ours on top; reserved custom names are dropped (the API refuses them earlier). */
export function buildRequestHeaders(
  custom: Record<string, string> | undefined,
  signature: SignatureHeaders,
  userAgent: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(custom ?? {})) {
    if (!isReservedHeader(name)) headers[name.toLowerCase()] = value;
  }
  return { ...headers, 'user-agent': userAgent, ...signature, 'content-type': 'application/json' };
}
