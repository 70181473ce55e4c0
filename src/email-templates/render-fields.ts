import {
  MissingTemplateVariableError,
  compileEmailTemplate,
  renderEmailTemplate,
  TemplateCompileError,
  type EmailTemplateSource,
  type RenderedEmail,
  type TemplatePart,
} from '../../activities/email-templates';
import type { FieldError } from '../validation/field-errors';
import type { EmailLimits } from '../kinds/email/request-schema';

/** Which request fields a fault is told against: where the data is, and the field standing for each part. */
export interface TemplateFields {
  /** `data` (POST /v1/emails, a preview) or `sampleData` (a template being stored). */
  data: string;
  /** The part itself in a template's own body (`html`); `template` where the request only names a stored one. */
  part(part: TemplatePart): string;
}

/** The field error a template fault is, or undefined for any other error. */
export function templateFault(err: unknown, fields: TemplateFields): FieldError | undefined {
  if (err instanceof MissingTemplateVariableError)
    return { field: `${fields.data}.${err.variable}`, message: `is missing: the template's ${err.part} uses it` };
  if (err instanceof TemplateCompileError)
    return { field: fields.part(err.part), message: `the ${err.part} does not compile: ${err.reason}` };
  return undefined;
}

/** RFC 5322's line limit, as POST /v1/emails takes a subject. */
const MAX_SUBJECT = 998;

/** A rendered message the email path would refuse: the subject is one line, the bodies within the limit. */
function renderedFault(email: RenderedEmail, limits: EmailLimits, fields: TemplateFields): FieldError | undefined {
  if (email.subject.trim() === '') return { field: fields.part('subject'), message: 'renders an empty subject' };
  if (/[\r\n]/.test(email.subject))
    return { field: fields.part('subject'), message: 'renders a subject with a line break' };
  if (email.subject.length > MAX_SUBJECT)
    return { field: fields.part('subject'), message: `renders a subject longer than ${MAX_SUBJECT} characters` };
  for (const part of ['text', 'html'] as const) {
    const bytes = email[part] === undefined ? 0 : Buffer.byteLength(email[part], 'utf8');
    if (bytes > limits.maxBodyBytes)
      return {
        field: fields.part(part),
        message: `renders ${bytes} bytes of ${part}, more than ${limits.maxBodyBytes}`,
      };
  }
  return undefined;
}

/**
 * Compiles and renders a template with `data` as the email path will send it; a missing variable, a part that
 * does not compile or a message the email path refuses is a field error, never a send.
 */
export function renderForRequest(
  source: EmailTemplateSource,
  data: Record<string, unknown>,
  limits: EmailLimits,
  fields: TemplateFields,
): { email: RenderedEmail } | { fault: FieldError } {
  let email: RenderedEmail;
  try {
    email = renderEmailTemplate(compileEmailTemplate(source), data);
  } catch (err) {
    const fault = templateFault(err, fields);
    if (fault === undefined) throw err;
    return { fault };
  }
  const fault = renderedFault(email, limits, fields);
  return fault ? { fault } : { email };
}
