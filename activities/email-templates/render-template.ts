import { Liquid, Tag, type TagToken, type Template, type TopLevelToken, UndefinedVariableError } from 'liquidjs';
import { MissingTemplateVariableError } from './missing-template-variable-error';
import { TemplateCompileError } from './template-compile-error';
import { type EmailTemplateSource, type RenderedEmail, TEMPLATE_PARTS, type TemplatePart } from './template-parts';

// Liquid because its templates are data, not code: a template a customer stored cannot reach the process
// (no helpers, no prototype access), unlike Handlebars or EJS. Strict variables and filters make a missing
// variable or a misspelt filter an error that names it instead of an empty string in someone's inbox; an `if`
// on a variable the data lacks is false (lenientIf), and `| default: "friend"` covers an optional one.
// `templates: {}`: partials come from an empty map, never the file system (Liquid's default root is the working
// directory, where `{% include '.env' %}` would mail the process's secrets).
const strict = {
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  lenientIf: true,
  templates: {},
} as const;
// The HTML part escapes every output unless the template says `| raw`; subject and text are plain text, where
// `&amp;` would be a visible mistake.
const htmlEngine = new Liquid({ ...strict, outputEscape: 'escape' });
const textEngine = new Liquid(strict);

/** The tags that read other templates: refused as the template is parsed, so the fault is found when it is saved. */
const PARTIAL_TAGS = ['include', 'render', 'layout'] as const;

class RefusedTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    throw new Error(`{% ${token.name} %} is not available: a template holds all of its text`);
  }
  render(): never {
    throw new Error('unreachable: the tag is refused when parsed');
  }
}

for (const engine of [htmlEngine, textEngine]) for (const tag of PARTIAL_TAGS) engine.registerTag(tag, RefusedTag);

function engineFor(part: TemplatePart): Liquid {
  return part === 'html' ? htmlEngine : textEngine;
}

/** A template parsed once, ready to render many messages (a batch renders one per recipient). */
export interface CompiledEmailTemplate {
  parts: Partial<Record<TemplatePart, Template[]>>;
}

/** Parses every part of the template; throws TemplateCompileError naming the first part that does not parse. */
export function compileEmailTemplate(source: EmailTemplateSource): CompiledEmailTemplate {
  const parts: CompiledEmailTemplate['parts'] = {};
  for (const part of TEMPLATE_PARTS) {
    const text = source[part];
    if (text === undefined) continue;
    try {
      parts[part] = engineFor(part).parse(text);
    } catch (err) {
      throw new TemplateCompileError(part, (err as Error).message);
    }
  }
  return { parts };
}

/**
 * Renders one message from `data`. Throws MissingTemplateVariableError naming the variable the data lacks,
 * TemplateCompileError for a fault only rendering finds (a filter given the wrong arguments).
 */
export function renderEmailTemplate(template: CompiledEmailTemplate, data: Record<string, unknown>): RenderedEmail {
  const rendered: Partial<RenderedEmail> = {};
  for (const part of TEMPLATE_PARTS) {
    const parsed = template.parts[part];
    if (!parsed) continue;
    try {
      rendered[part] = engineFor(part).renderSync(parsed, data) as string;
    } catch (err) {
      if (err instanceof UndefinedVariableError) throw new MissingTemplateVariableError(part, undefinedName(err));
      throw new TemplateCompileError(part, (err as Error).message);
    }
  }
  return rendered as RenderedEmail;
}

/** The variable's name as the template wrote it (`user.name`), from the token Liquid failed on. */
function undefinedName(err: UndefinedVariableError): string {
  const token = err.token?.getText().trim();
  return token ? (token.replace(/^\{\{-?\s*|\s*-?\}\}$/g, '').split('|')[0] ?? token).trim() : err.message;
}
