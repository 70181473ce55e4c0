import { type Api, answer, callInit } from './api-call';
import type { Answer, Body, CallOptions, Query } from './types';

type EmailTemplate = Answer<'/v1/email-templates/{id}', 'get'>;
type Rendered = Answer<'/v1/email-templates/{id}/preview', 'post'>;

/** Email templates: stored subjects and bodies (Liquid) that `emails.send({ template, data })` renders. */
export function emailTemplateResources(api: Api) {
  const at = (id: string) => ({ params: { path: { id } } });
  return {
    create: (template: Body<'/v1/email-templates', 'post'>, options?: CallOptions): Promise<EmailTemplate> =>
      answer(api.POST('/v1/email-templates', { body: template, ...callInit(options) })),
    /** By name, a page at a time: pass `nextCursor` back as `cursor`. */
    list: (query: Query<'/v1/email-templates', 'get'> = {}, options?: CallOptions) =>
      answer(api.GET('/v1/email-templates', { params: { query }, ...callInit(options) })),
    /** By id (`tpl_…`) or name. */
    get: (idOrName: string, options?: CallOptions): Promise<EmailTemplate> =>
      answer(api.GET('/v1/email-templates/{id}', { ...at(idOrName), ...callInit(options) })),
    /** The fields given replace the template's; null clears an optional one. */
    update: (idOrName: string, changes: Body<'/v1/email-templates/{id}', 'patch'>, options?: CallOptions) =>
      answer(api.PATCH('/v1/email-templates/{id}', { ...at(idOrName), body: changes, ...callInit(options) })),
    delete: async (idOrName: string, options?: CallOptions): Promise<void> => {
      await answer(api.DELETE('/v1/email-templates/{id}', { ...at(idOrName), ...callInit(options) }));
    },
    /** The message a stored template renders with `data` (absent: its sampleData). */
    preview: (idOrName: string, data?: Record<string, unknown>, options?: CallOptions): Promise<Rendered> =>
      answer(
        api.POST('/v1/email-templates/{id}/preview', {
          ...at(idOrName),
          body: data === undefined ? {} : { data },
          ...callInit(options),
        }),
      ),
    /** The message a template that is not stored renders with `data`. */
    previewUnsaved: (template: Body<'/v1/email-templates/preview', 'post'>, options?: CallOptions): Promise<Rendered> =>
      answer(api.POST('/v1/email-templates/preview', { body: template, ...callInit(options) })),
  };
}
