import type { TemplatePart } from './template-parts';

/** A part of an email template that does not compile: the API answers 400 naming the part and the fault. */
export class TemplateCompileError extends Error {
  override readonly name = 'TemplateCompileError';

  constructor(
    readonly part: TemplatePart,
    readonly reason: string,
  ) {
    super(`the template's ${part} does not compile: ${reason}`);
  }
}
