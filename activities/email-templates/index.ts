// Email templates: rendering them (Liquid, HTML escaped in the html part).
export { MissingTemplateVariableError } from './missing-template-variable-error';
export { type CompiledEmailTemplate, compileEmailTemplate, renderEmailTemplate } from './render-template';
export { TemplateCompileError } from './template-compile-error';
export { type EmailTemplateSource, type RenderedEmail, TEMPLATE_PARTS, type TemplatePart } from './template-parts';
