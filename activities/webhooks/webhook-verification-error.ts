/** A received webhook failed Standard Webhooks verification; the receiver should answer 400 or 401. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}
