/** What an email template holds: a subject, and a text body, an HTML body or both. */
export interface EmailTemplateSource {
  subject: string;
  text?: string;
  html?: string;
}

export type TemplatePart = keyof EmailTemplateSource;

export const TEMPLATE_PARTS: readonly TemplatePart[] = ['subject', 'text', 'html'];

/** One message rendered from a template: the parts it has, variables filled in. */
export type RenderedEmail = EmailTemplateSource;
