import { createHash } from 'node:crypto';
import type { EmailTemplateSource } from '../../../activities/email-templates';
import { canonicalJson, EmailBatchExistsError } from '../../../activities/store';
import { emailMessageId } from '../../../workflows/shared/message-id';
import { renderForRequest } from '../../email-templates/render-fields';
import { IdempotencyKeyReusedError } from '../../jobs/start-job';
import type { TemplateUsed } from '../email/templated-email';
import type { KindDeps } from '../kind';
import { InvalidStartError } from '../start-errors';
import type { EmailBatchRequest } from './request-schema';

/**
 * Checks that the template (given, or the stored one `templateId` names) compiles and that every recipient's data
 * renders it as the email path would send it (a 400 naming the part, or the first recipient's missing variable:
 * `recipients[17].data.name`), then writes the batch, with its copy of the template, and its recipients in one
 * transaction. A request retried with its Idempotency-Key names the same batch and writes nothing again.
 */
export async function storeBatch(
  deps: KindDeps,
  batchId: string,
  body: EmailBatchRequest,
): Promise<{ subject: string; template?: TemplateUsed }> {
  const { source, used } = await templateOf(deps, body);
  body.recipients.forEach((recipient, index) => {
    const rendered = renderForRequest(source, recipient.data, deps.email, {
      data: `recipients[${index}].data`,
      part: (part) => (used ? 'templateId' : `template.${part}`),
    });
    if ('fault' in rendered) throw new InvalidStartError(rendered.fault.field, rendered.fault.message);
  });
  try {
    await deps.store!.emailBatches.create({
      id: batchId,
      template: source,
      from: body.from,
      replyTo: body.replyTo,
      ratePerSecond: body.ratePerSecond,
      requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex'),
      recipients: body.recipients.map((r, index) => ({
        to: r.to,
        data: r.data,
        // Stable across every attempt and every retry of the recipient.
        messageId: emailMessageId(`${batchId}-${index}`, deps.email.messageIdDomain),
        ...(r.sendAt ? { sendAt: new Date(r.sendAt).toISOString() } : {}),
      })),
    });
  } catch (err) {
    if (!(err instanceof EmailBatchExistsError)) throw err;
    throw new IdempotencyKeyReusedError(`Idempotency-Key was already used for a different request (job ${batchId})`);
  }
  return { subject: source.subject, ...(used ? { template: used } : {}) };
}

/** The parts the batch sends: as given, or a copy of the stored template, which later edits leave alone. */
async function templateOf(
  deps: KindDeps,
  body: EmailBatchRequest,
): Promise<{ source: EmailTemplateSource; used?: TemplateUsed }> {
  if (body.template) return { source: body.template };
  const stored = await deps.store!.emailTemplates.get(body.templateId!);
  if (!stored) throw new InvalidStartError('templateId', `no email template with id or name ${body.templateId}`);
  const { subject, text, html } = stored;
  return {
    source: { subject, ...(text === undefined ? {} : { text }), ...(html === undefined ? {} : { html }) },
    used: { id: stored.id, name: stored.name },
  };
}
