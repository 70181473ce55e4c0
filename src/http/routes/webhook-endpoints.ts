import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { EndpointStore } from '../../../activities/store';
import type { AuditRecorder } from '../../audit/audit-recorder';
import type { WebhookConfig } from '../../config';
import { recoverWebhookDeliveries } from '../../jobs/recover-webhooks';
import type { Store } from '../../store/open-store';
import { ConflictError, NotFoundError } from '../errors';
import {
  endpointCreateSchema,
  endpointPatchSchema,
  recoverSchema,
  rotateSecretSchema,
} from '../schemas/webhook-endpoint';
import { validate } from '../validate';

export interface WebhookEndpointsRouterDeps {
  client: Client;
  store: Store;
  webhooks: WebhookConfig;
  recorder: AuditRecorder;
}

/** Svix-like endpoint management. The secret is answered once: at creation and at each rotation. */
export function createWebhookEndpointsRouter(deps: WebhookEndpointsRouterDeps): Router {
  const router = new Router({ prefix: '/v1/webhook-endpoints' });
  const endpoints: EndpointStore = deps.store.webhookEndpoints;
  const createSchema = endpointCreateSchema(deps.webhooks.allowList);
  const patchSchema = endpointPatchSchema(deps.webhooks.allowList);
  const found = <T>(id: string, value: T | undefined): T => {
    if (value === undefined) throw new NotFoundError(`no webhook endpoint with id ${id}`);
    return value;
  };
  // Control actions go to the audit log; never a secret or the URL (URLs often embed tokens).
  const record = (
    action: string,
    id: string,
    state: { requestId: string; actor?: string },
    detail: Record<string, unknown> = {},
  ) =>
    deps.recorder.recordAction({
      actor: state.actor,
      action: `webhook-endpoint.${action}`,
      resource: `webhook-endpoint:${id}`,
      detail: { ...detail, requestId: state.requestId },
    });

  router.post('/', async (ctx) => {
    const { endpoint, secret } = await endpoints.create(validate(createSchema, ctx.request.body));
    await record('created', endpoint.id, ctx.state, { eventTypes: endpoint.eventTypes });
    ctx.status = 201;
    ctx.set('Location', `/v1/webhook-endpoints/${endpoint.id}`);
    ctx.body = { ...endpoint, secret };
  });

  router.get('/', async (ctx) => {
    ctx.body = { endpoints: await endpoints.list() };
  });

  router.get('/:id', async (ctx) => {
    ctx.body = found(ctx.params.id!, await endpoints.get(ctx.params.id!));
  });

  router.patch('/:id', async (ctx) => {
    const changes = validate(patchSchema, ctx.request.body ?? {});
    const endpoint = found(ctx.params.id!, await endpoints.update(ctx.params.id!, changes));
    await record('updated', endpoint.id, ctx.state, { fields: Object.keys(changes).sort(), enabled: endpoint.enabled });
    ctx.body = endpoint;
  });

  router.delete('/:id', async (ctx) => {
    found(ctx.params.id!, (await endpoints.remove(ctx.params.id!)) || undefined);
    await record('deleted', ctx.params.id!, ctx.state);
    ctx.status = 204;
  });

  router.post('/:id/rotate-secret', async (ctx) => {
    const { secret: chosen } = validate(rotateSecretSchema, ctx.request.body ?? {});
    const { endpoint, secret } = found(
      ctx.params.id!,
      await endpoints.rotateSecret(ctx.params.id!, { secret: chosen, graceMs: deps.webhooks.secretGraceMs }),
    );
    await record('secret-rotated', endpoint.id, ctx.state, {
      previousSecretExpiresAt: endpoint.previousSecretExpiresAt,
    });
    ctx.body = { ...endpoint, secret };
  });

  router.post('/:id/recover', async (ctx) => {
    const { since } = validate(recoverSchema, ctx.request.body ?? {});
    const endpoint = found(ctx.params.id!, await endpoints.get(ctx.params.id!));
    if (!endpoint.enabled)
      throw new ConflictError(
        `webhook endpoint ${endpoint.id} is disabled (${endpoint.disabledReason}); enable it with PATCH {"enabled": true} first`,
      );
    const recovery = await recoverWebhookDeliveries(deps.client, endpoint.id, new Date(since));
    await record('recovered', endpoint.id, ctx.state, { since, jobs: recovery.recovered.length });
    ctx.status = 202;
    ctx.body = { endpointId: endpoint.id, since, ...recovery };
  });
  return router;
}
