/**
 * The Standard Webhooks payload shape (https://www.standardwebhooks.com): what happened, when, and
 * its data, so a receiver tells events apart by `type` without a header of ours.
 */
export interface WebhookEnvelope {
  /** The event, as the caller named it: `invoice.paid`. */
  type: string;
  /** When the event occurred, ISO 8601: the same on every attempt, so the signed body is too. */
  timestamp: string;
  data: unknown;
}

/** The exact bytes sent and signed. */
export function webhookBody(envelope: WebhookEnvelope): string {
  return JSON.stringify({ type: envelope.type, timestamp: envelope.timestamp, data: envelope.data ?? null });
}
