import { type Api, answer, callInit } from './api-call';
import type { Answer, Body, CallOptions } from './types';

type Endpoint = Answer<'/v1/webhook-endpoints/{id}', 'get'>;

/** Webhook endpoints: where webhooks are delivered. The signing secret is answered by create and rotateSecret only. */
export function endpointResources(api: Api) {
  const at = (id: string) => ({ params: { path: { id } } });
  return {
    create: (endpoint: Body<'/v1/webhook-endpoints', 'post'>, options?: CallOptions) =>
      answer(api.POST('/v1/webhook-endpoints', { body: endpoint, ...callInit(options) })),
    list: (options?: CallOptions) => answer(api.GET('/v1/webhook-endpoints', callInit(options))),
    get: (id: string, options?: CallOptions): Promise<Endpoint> =>
      answer(api.GET('/v1/webhook-endpoints/{id}', { ...at(id), ...callInit(options) })),
    update: (id: string, changes: Body<'/v1/webhook-endpoints/{id}', 'patch'>, options?: CallOptions) =>
      answer(api.PATCH('/v1/webhook-endpoints/{id}', { ...at(id), body: changes, ...callInit(options) })),
    delete: async (id: string, options?: CallOptions): Promise<void> => {
      await answer(api.DELETE('/v1/webhook-endpoints/{id}', { ...at(id), ...callInit(options) }));
    },
    /** A new secret (yours, or one made for you); the old one still verifies for the grace period. */
    rotateSecret: (
      id: string,
      rotation: Body<'/v1/webhook-endpoints/{id}/rotate-secret', 'post'> = {},
      options?: CallOptions,
    ) =>
      answer(api.POST('/v1/webhook-endpoints/{id}/rotate-secret', { ...at(id), body: rotation, ...callInit(options) })),
    /** Delivers again what failed to it since a time. */
    recover: (id: string, recovery: Body<'/v1/webhook-endpoints/{id}/recover', 'post'>, options?: CallOptions) =>
      answer(api.POST('/v1/webhook-endpoints/{id}/recover', { ...at(id), body: recovery, ...callInit(options) })),
  };
}
