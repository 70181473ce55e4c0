import { z } from 'zod';
import {
  compileEmailTemplate,
  EMAIL_TEMPLATE_ID_PREFIX,
  type EmailTemplateSource,
} from '../../activities/email-templates';
import type { EmailLimits } from '../kinds/email/request-schema';
import { renderForRequest, templateFault } from './render-fields';

/** What a template renders with: a JSON object, its fields the template's variables. */
export const templateData = z.record(z.string(), z.unknown());

const templateName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter')
  .refine(
    (name) => !name.startsWith(EMAIL_TEMPLATE_ID_PREFIX),
    `must not start with ${EMAIL_TEMPLATE_ID_PREFIX}, as ids do`,
  );
const description = z.string().max(500);

/** A part's source: a Liquid template within the email body limit (the subject within a few lines). */
const parts = (limits: EmailLimits) => {
  const body = (name: string) =>
    z
      .string()
      .refine(
        (v) => Buffer.byteLength(v, 'utf8') <= limits.maxBodyBytes,
        `${name} is larger than ${limits.maxBodyBytes} bytes`,
      );
  return {
    subject: z.string().min(1, 'must not be empty').max(4000),
    text: body('text').optional(),
    html: body('html').optional(),
  };
};

/** The part itself is the field a fault names, in a body that holds the template. */
const OWN_PARTS = { data: 'sampleData', part: (part: string) => part };

/** Undefined when every part compiles (and the sample data, when given, renders); else what to fix. */
function templateFaultOf(source: EmailTemplateSource & { sampleData?: Record<string, unknown> }, limits: EmailLimits) {
  if (source.sampleData !== undefined) {
    const rendered = renderForRequest(source, source.sampleData, limits, OWN_PARTS);
    return 'fault' in rendered ? rendered.fault : undefined;
  }
  try {
    compileEmailTemplate(source);
    return undefined;
  } catch (err) {
    const fault = templateFault(err, OWN_PARTS);
    if (fault === undefined) throw err;
    return fault;
  }
}

/** A template's own checks, as a refinement: text or html, and what templateFaultOf finds, on the field it names. */
const checkTemplate =
  (limits: EmailLimits) =>
  (v: EmailTemplateSource & { sampleData?: Record<string, unknown> }, ctx: z.RefinementCtx) => {
    if (v.text === undefined && v.html === undefined)
      return ctx.addIssue({ code: 'custom', path: ['text'], message: 'text or html is required' });
    const fault = templateFaultOf(v, limits);
    if (fault) ctx.addIssue({ code: 'custom', path: [fault.field], message: fault.message });
  };

/** POST /v1/email-templates, and what a PATCH must leave. */
export const emailTemplateCreateSchema = (limits: EmailLimits) =>
  z
    .strictObject({
      name: templateName,
      description: description.optional(),
      ...parts(limits),
      sampleData: templateData.optional().describe('What a preview renders with when it is given no data'),
    })
    .superRefine(checkTemplate(limits));

/** PATCH /v1/email-templates/:id: the fields given replace the template's, null clears an optional one. */
export const emailTemplatePatchSchema = (limits: EmailLimits) => {
  const { subject, text, html } = parts(limits);
  return z
    .strictObject({
      name: templateName.optional(),
      description: description.nullable().optional(),
      subject: subject.optional(),
      text: text.unwrap().nullable().optional(),
      html: html.unwrap().nullable().optional(),
      sampleData: templateData.nullable().optional(),
    })
    .refine(
      (v) => Object.keys(v).length > 0,
      'give at least one of name, description, subject, text, html, sampleData',
    );
};

/** POST /v1/email-templates/:id/preview */
export const previewSchema = z.strictObject({
  data: templateData.optional().describe("Absent: the template's sampleData, or no data"),
});

/** POST /v1/email-templates/preview: a template not stored, rendered with `data` (that the route renders). */
export const unsavedPreviewSchema = (limits: EmailLimits) =>
  z.strictObject({ ...parts(limits), data: templateData.optional() }).superRefine(checkTemplate(limits));
