import { z } from 'zod';

const time = z.iso.datetime();
const data = z.record(z.string(), z.unknown());

/** src/email-templates/template-view.ts's EmailTemplateView: an absent part or setting is null. */
export const emailTemplateSchema = z
  .object({
    id: z.string().describe('`tpl_…`; POST /v1/emails takes it or the name as `template`'),
    name: z.string(),
    description: z.string().nullable(),
    subject: z.string().describe('Liquid'),
    text: z.string().nullable().describe('Liquid'),
    html: z.string().nullable().describe('Liquid; every output is HTML-escaped unless it ends in `| raw`'),
    sampleData: data.nullable().describe('What a preview renders with when it is given no data'),
    createdAt: time,
    updatedAt: time,
  })
  .meta({ id: 'EmailTemplate' });

export const emailTemplatePageSchema = z.object({
  templates: z.array(emailTemplateSchema).describe('By name'),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
});

/** A preview: the message as POST /v1/emails would send it. */
export const renderedEmailSchema = z
  .object({ subject: z.string(), text: z.string().optional(), html: z.string().optional() })
  .meta({ id: 'RenderedEmail' });
