import Router from '@koa/router';
import {
  EmailTemplateExistsError,
  type EmailTemplate,
  type EmailTemplateSource,
} from '../../../activities/email-templates';
import type { AuditRecorder } from '../../audit/audit-recorder';
import type { EmailConfig } from '../../config';
import { renderForRequest, type TemplateFields } from '../../email-templates/render-fields';
import {
  emailTemplateCreateSchema,
  emailTemplatePatchSchema,
  previewSchema,
  unsavedPreviewSchema,
} from '../../email-templates/template-schema';
import { emailTemplateView, patchedSettings } from '../../email-templates/template-view';
import type { Store } from '../../store/open-store';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { cursorAfter, emailTemplateListQuerySchema, nameAfter } from '../schemas/email-template-list';
import { validate, validateQuery } from '../validate';

export interface EmailTemplatesRouterDeps {
  store: Store;
  email: EmailConfig;
  recorder: AuditRecorder;
}

/** /v1/email-templates: stored subjects and bodies that POST /v1/emails renders with each request's data. */
export function createEmailTemplatesRouter(deps: EmailTemplatesRouterDeps): Router {
  const router = new Router({ prefix: '/v1/email-templates' });
  const templates = deps.store.emailTemplates;
  const createSchema = emailTemplateCreateSchema(deps.email);
  const patchSchema = emailTemplatePatchSchema(deps.email);
  const unsavedSchema = unsavedPreviewSchema(deps.email);
  const missing = (idOrName: string) => new NotFoundError(`no email template with id or name ${idOrName}`);
  const found = async (idOrName: string): Promise<EmailTemplate> => {
    const template = await templates.get(idOrName);
    if (template === undefined) throw missing(idOrName);
    return template;
  };
  const nameTaken = (err: unknown): never => {
    throw err instanceof EmailTemplateExistsError
      ? new ConflictError(`${err.message}; change it with PATCH /v1/email-templates/${err.templateName}`)
      : err;
  };
  // Changes go to the audit log by name and fields; never the parts or the sample data (they may hold personal data).
  const record = (
    action: string,
    template: EmailTemplate,
    state: { requestId: string; actor?: string },
    detail: Record<string, unknown> = {},
  ) =>
    deps.recorder.recordAction({
      actor: state.actor,
      action: `email-template.${action}`,
      resource: `email-template:${template.id}`,
      detail: { name: template.name, ...detail, requestId: state.requestId },
    });
  /** The message as POST /v1/emails would send it, or a 400 naming the variable or part to fix. */
  const preview = (source: EmailTemplateSource, data: Record<string, unknown>, fields: TemplateFields) => {
    const rendered = renderForRequest(source, data, deps.email, fields);
    if ('fault' in rendered) throw new ValidationError([rendered.fault]);
    return rendered.email;
  };

  router.post('/', async (ctx) => {
    const created = await templates.create(validate(createSchema, ctx.request.body)).catch(nameTaken);
    await record('created', created, ctx.state);
    ctx.status = 201;
    ctx.set('Location', `/v1/email-templates/${created.id}`);
    ctx.body = emailTemplateView(created);
  });

  router.get('/', async (ctx) => {
    const { limit, cursor } = validateQuery(emailTemplateListQuerySchema, ctx.query);
    const page = await templates.list({ limit, after: nameAfter(cursor) });
    ctx.body = { templates: page.templates.map(emailTemplateView), nextCursor: cursorAfter(page.lastName) };
  });

  router.post('/preview', (ctx) => {
    const { data = {}, ...source } = validate(unsavedSchema, ctx.request.body);
    ctx.body = preview(source, data, { data: 'data', part: (part) => part });
  });

  router.get('/:id', async (ctx) => {
    ctx.body = emailTemplateView(await found(ctx.params.id!));
  });

  router.patch('/:id', async (ctx) => {
    const patch = validate(patchSchema, ctx.request.body ?? {});
    const current = await found(ctx.params.id!);
    const settings = validate(createSchema, patchedSettings(current, patch));
    const updated = await templates.replace(current.id, settings).catch(nameTaken);
    if (updated === undefined) throw missing(current.id);
    await record('updated', updated, ctx.state, { fields: Object.keys(patch).sort() });
    ctx.body = emailTemplateView(updated);
  });

  router.delete('/:id', async (ctx) => {
    const template = await found(ctx.params.id!);
    if (!(await templates.remove(template.id))) throw missing(template.id);
    await record('deleted', template, ctx.state);
    ctx.status = 204;
  });

  router.post('/:id/preview', async (ctx) => {
    const { data } = validate(previewSchema, ctx.request.body ?? {});
    const template = await found(ctx.params.id!);
    // The stored template compiled when it was saved: a fault here is in the data, or in what it renders.
    ctx.body = preview(template, data ?? template.sampleData ?? {}, {
      data: data ? 'data' : 'sampleData',
      part: () => 'template',
    });
  });
  return router;
}
