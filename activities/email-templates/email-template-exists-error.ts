/** A template is created (or renamed) under a name another template has. */
export class EmailTemplateExistsError extends Error {
  override readonly name = 'EmailTemplateExistsError';

  constructor(readonly templateName: string) {
    super(`an email template named ${templateName} exists already`);
  }
}
