import { renderForRequest } from '../../email-templates/render-fields';
import type { KindDeps } from '../kind';
import { InvalidStartError } from '../start-errors';
import { type EmailRequest, type EmailStartRequest, isTemplated } from './request-schema';

/** Which stored template an email was rendered from: its job's summary says so. */
export interface TemplateUsed {
  id: string;
  name: string;
}

/**
 * The email a start request sends: as given, or rendered now from the stored template it names, so a missing
 * variable or an unknown template is a 400 naming the field before any job starts, and the job sends plain parts.
 */
export async function emailToSend(
  request: EmailStartRequest,
  deps: KindDeps,
): Promise<{ email: EmailRequest; template?: TemplateUsed }> {
  if (!isTemplated(request)) return { email: request };
  const { template: idOrName, data = {}, ...envelope } = request;
  const template = await deps.store!.emailTemplates.get(idOrName);
  if (template === undefined) throw new InvalidStartError('template', `no email template with id or name ${idOrName}`);
  const rendered = renderForRequest(template, data, deps.email, { data: 'data', part: () => 'template' });
  if ('fault' in rendered) throw new InvalidStartError(rendered.fault.field, rendered.fault.message);
  return { email: { ...envelope, ...rendered.email }, template: { id: template.id, name: template.name } };
}
