import { createHash } from 'node:crypto';
import {
  compileEmailTemplate,
  MissingTemplateVariableError,
  renderEmailTemplate,
  TemplateCompileError,
} from '../../../activities/email-templates';
import { canonicalJson, EmailBatchExistsError, type EmailBatchStore } from '../../../activities/store';
import { emailMessageId } from '../../../workflows/shared/message-id';
import { IdempotencyKeyReusedError } from '../../jobs/start-job';
import { InvalidStartError } from '../start-errors';
import type { EmailBatchRequest } from './request-schema';

/**
 * Checks that the template compiles and that every recipient's data renders it (a 400 naming the part, or the
 * first recipient's missing variable: `recipients[17].data.name`), then writes the batch and its recipients in
 * one transaction. A request retried with its Idempotency-Key names the same batch and writes nothing again.
 */
export async function storeBatch(
  store: EmailBatchStore,
  batchId: string,
  body: EmailBatchRequest,
  messageIdDomain: string,
): Promise<void> {
  checkRenders(body);
  try {
    await store.create({
      id: batchId,
      template: body.template,
      from: body.from,
      replyTo: body.replyTo,
      ratePerSecond: body.ratePerSecond,
      requestHash: createHash('sha256').update(canonicalJson(body)).digest('hex'),
      recipients: body.recipients.map((r, index) => ({
        to: r.to,
        data: r.data,
        // Stable across every attempt and every retry of the recipient.
        messageId: emailMessageId(`${batchId}-${index}`, messageIdDomain),
        ...(r.sendAt ? { sendAt: new Date(r.sendAt).toISOString() } : {}),
      })),
    });
  } catch (err) {
    if (!(err instanceof EmailBatchExistsError)) throw err;
    throw new IdempotencyKeyReusedError(`Idempotency-Key was already used for a different request (job ${batchId})`);
  }
}

function checkRenders(body: EmailBatchRequest): void {
  let template;
  try {
    template = compileEmailTemplate(body.template);
  } catch (err) {
    if (err instanceof TemplateCompileError) throw new InvalidStartError(`template.${err.part}`, err.message);
    throw err;
  }
  body.recipients.forEach((recipient, index) => {
    try {
      renderEmailTemplate(template, recipient.data);
    } catch (err) {
      if (err instanceof MissingTemplateVariableError)
        throw new InvalidStartError(`recipients[${index}].data.${err.variable}`, err.message);
      if (err instanceof TemplateCompileError) throw new InvalidStartError(`template.${err.part}`, err.message);
      throw err;
    }
  });
}
