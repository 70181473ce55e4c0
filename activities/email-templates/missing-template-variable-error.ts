import type { TemplatePart } from './template-parts';

/** Data that lacks a variable the template uses: the API answers 400 naming the variable, before anything starts. */
export class MissingTemplateVariableError extends Error {
  override readonly name = 'MissingTemplateVariableError';

  constructor(
    readonly part: TemplatePart,
    readonly variable: string,
  ) {
    super(`the data has no variable "${variable}", which the template's ${part} uses`);
  }
}
