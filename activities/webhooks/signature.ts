// Standard Webhooks signing (https://www.standardwebhooks.com): HMAC-SHA256 over
// "<msgId>.<timestamp>.<body>", sent as "v1,<base64>" in webhook-signature.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { WebhookVerificationError } from './webhook-verification-error';

const SECRET_PREFIX = 'whsec_';
const VERSION_PREFIX = 'v1,';

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

function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new RangeError('Webhook secret is empty or not base64');
  return key;
}

function hmac(key: Buffer, msgId: string, timestamp: number | string, body: string): Buffer {
  return createHmac('sha256', key).update(`${msgId}.${timestamp}.${body}`).digest();
}

export function signPayload({ secret, msgId, timestamp, body }: SignInput): string {
  return VERSION_PREFIX + hmac(secretKey(secret), msgId, timestamp, body).toString('base64');
}

/** One signature per active secret, so receivers keep verifying during a secret rotation. */
export function buildSignatureHeaders(msgId: string, timestamp: number, body: string, secrets: readonly string[]): SignatureHeaders {
  if (secrets.length === 0) throw new RangeError('At least one webhook secret is needed to sign');
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((secret) => signPayload({ secret, msgId, timestamp, body })).join(' '),
  };
}

export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

export type ReceivedHeaders = Headers | Record<string, string | string[] | undefined>;

function header(headers: ReceivedHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(', ') : value;
}

export interface VerifyOptions {
  /** How far webhook-timestamp may be from now, either way; replay protection. Default 300. */
  toleranceSeconds?: number;
  /** The current time in milliseconds since the epoch. Default Date.now(). */
  now?: number;
}

/**
 * For receivers: throws WebhookVerificationError unless the headers carry a fresh timestamp and
 * at least one signature made with `secret` over exactly this body.
 */
export function verifyWebhook(secret: string, headers: ReceivedHeaders, body: string, options: VerifyOptions = {}): { msgId: string; timestamp: number } {
  const { toleranceSeconds = 300, now = Date.now() } = options;
  const msgId = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (!msgId || !timestampText || !signatures) throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature header');
  if (!/^\d+$/.test(timestampText)) throw new WebhookVerificationError('Invalid webhook-timestamp');

  const timestamp = Number(timestampText);
  const nowSeconds = Math.floor(now / 1000);
  if (timestamp < nowSeconds - toleranceSeconds) throw new WebhookVerificationError('Message timestamp too old');
  if (timestamp > nowSeconds + toleranceSeconds) throw new WebhookVerificationError('Message timestamp too new');

  const expected = hmac(secretKey(secret), msgId, timestampText, body);
  const matches = signatures.split(' ').some((candidate) => {
    if (!candidate.startsWith(VERSION_PREFIX)) return false;
    const given = Buffer.from(candidate.slice(VERSION_PREFIX.length), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('No matching signature found');
  return { msgId, timestamp };
}
