// Standard Webhooks signing (https://www.standardwebhooks.com) through the reference library. It signs
// with one secret and its verify reads Date.now() with a fixed 5-minute tolerance and a lenient
// parseInt timestamp, so this wrapper adds one signature per secret (rotation) and, in verifyWebhook,
// its own timestamp check (a clock and tolerance the caller may set) before comparing signatures.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export interface SignInput {
  /** 'whsec_' followed by the base64 key; the bare base64 key is accepted too. */
  secret: string;
  msgId: string;
  /** Unix time in seconds. */
  timestamp: number;
  /** The exact bytes sent as the body; re-serialising the payload would break the signature. */
  body: string;
}

export type SignatureHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** `v1,<base64>`: the signature of one message with one secret. */
export function signPayload({ secret, msgId, timestamp, body }: SignInput): string {
  return new Webhook(secret).sign(msgId, new Date(timestamp * 1000), body);
}

/** One signature per active secret, so receivers keep verifying during a secret rotation. */
export function buildSignatureHeaders(
  msgId: string,
  timestamp: number,
  body: string,
  secrets: readonly string[],
): SignatureHeaders {
  if (secrets.length === 0) throw new RangeError('At least one webhook secret is needed to sign');
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => signPayload({ secret, msgId, timestamp, body })).join(' '),
  };
}

export function generateSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

export type ReceivedHeaders = Headers | Record<string, string | string[] | undefined>;

function header(headers: ReceivedHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(', ') : value;
}

function sameText(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface VerifyOptions {
  /** How far webhook-timestamp may be from now, either way; replay protection. Default 300. */
  toleranceSeconds?: number;
  /** The current time in milliseconds since the epoch. Default Date.now(). */
  now?: number;
}

/**
 * For receivers: throws WebhookVerificationError (the standardwebhooks package's own) unless the headers
 * carry a fresh timestamp and at least one signature made with `secret` over exactly this body.
 */
export function verifyWebhook(
  secret: string,
  headers: ReceivedHeaders,
  body: string,
  options: VerifyOptions = {},
): { msgId: string; timestamp: number } {
  const { toleranceSeconds = 300, now = Date.now() } = options;
  const msgId = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!msgId || !timestampText || !signatures)
    throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature header');
  if (!/^\d+$/.test(timestampText)) throw new WebhookVerificationError('Invalid webhook-timestamp');

  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor(now / 1000);
  if (timestamp < nowSeconds - toleranceSeconds) throw new WebhookVerificationError('Message timestamp too old');
  if (timestamp > nowSeconds + toleranceSeconds) throw new WebhookVerificationError('Message timestamp too new');

  const expected = signPayload({ secret, msgId, timestamp, body });
  if (!signatures.split(' ').some((candidate) => sameText(candidate, expected)))
    throw new WebhookVerificationError('No matching signature found');
  return { msgId, timestamp };
}
