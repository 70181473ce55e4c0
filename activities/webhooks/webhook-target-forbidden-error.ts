/** The webhook target is, or resolves to, an address the SSRF policy refuses. */
export class WebhookTargetForbiddenError extends Error {
  override readonly name = 'WebhookTargetForbiddenError';

  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      hostname === address
        ? `Webhook target ${address} is forbidden by the SSRF policy (${reason})`
        : `Webhook target ${hostname} resolves to ${address}, which the SSRF policy forbids (${reason})`,
    );
  }
}
