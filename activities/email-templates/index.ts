// Email templates: what a stored template is, and rendering it (Liquid, HTML escaped in the html part).
export {
  EMAIL_TEMPLATE_ID_PREFIX,
  type EmailTemplate,
  type EmailTemplatePage,
  type EmailTemplateSettings,
  type EmailTemplateStore,
} from './email-template';
export { EmailTemplateExistsError } from './email-template-exists-error';
export { MissingTemplateVariableError } from './missing-template-variable-error';
export { type CompiledEmailTemplate, compileEmailTemplate, renderEmailTemplate } from './render-template';
export { TemplateCompileError } from './template-compile-error';
export { type EmailTemplateSource, type RenderedEmail, TEMPLATE_PARTS, type TemplatePart } from './template-parts';
