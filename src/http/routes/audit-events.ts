import Router from '@koa/router';
import { InvalidAuditQueryError } from '../../../activities/audit-store';
import { jsonBytes } from '../../../workflows/shared/audit-limits';
import { toAuditEvents } from '../../audit/audit-events';
import type { AuditRecorder } from '../../audit/audit-recorder';
import type { AuditConfig } from '../../config';
import type { Store } from '../../store/open-store';
import { ValidationError } from '../errors';
import { AUDIT_QUERY_PARAMETERS, auditBatchSchema, auditEventSchema, auditQuerySchema, auditVerifyQuerySchema } from '../../audit/audit-event-schema';
import { validate } from '../validate';

export interface AuditEventsRouterDeps {
  recorder: AuditRecorder;
  store: Store;
  audit: AuditConfig;
}

/** POST /v1/audit-events[/batch] (202 once Temporal holds the events), GET /v1/audit-events[/verify] (from the store). */
export function createAuditEventsRouter(deps: AuditEventsRouterDeps): Router {
  const router = new Router({ prefix: '/v1/audit-events' });
  const eventSchema = auditEventSchema(deps.audit);
  const batchSchema = auditBatchSchema(deps.audit);

  router.post('/', async (ctx) => {
    const events = toAuditEvents([validate(eventSchema, ctx.request.body)]);
    await deps.recorder.record(events);
    ctx.status = 202;
    ctx.body = { status: 'accepted', id: events[0]!.id, at: events[0]!.at };
  });

  router.post('/batch', async (ctx) => {
    const events = toAuditEvents(validate(batchSchema, ctx.request.body).events);
    const bytes = jsonBytes(events);
    if (bytes > deps.audit.maxBatchBytes) {
      throw new ValidationError([{ field: 'events', message: `the events total ${bytes} bytes, more than ${deps.audit.maxBatchBytes}; split the batch` }]);
    }
    await deps.recorder.record(events);
    ctx.status = 202;
    ctx.body = { status: 'accepted', count: events.length, events: events.map(({ id, at }) => ({ id, at })) };
  });

  router.get('/', async (ctx) => {
    const query = validate(auditQuerySchema, ctx.query);
    try {
      ctx.body = await deps.store.audit.list(query);
    } catch (err) {
      if (!(err instanceof InvalidAuditQueryError)) throw err;
      // The store's messages start with the parameter they are about ("cursor is not one this server issued").
      throw new ValidationError([{ field: AUDIT_QUERY_PARAMETERS.find((name) => err.message.startsWith(`${name} `)) ?? '(query)', message: err.message }]);
    }
  });

  // A page of the chain at a time (`limit` rows from `after`), with its head and an optional anchor check.
  router.get('/verify', async (ctx) => {
    const { anchor, after, limit } = validate(auditVerifyQuerySchema, ctx.query);
    ctx.body = await deps.store.audit.verify({ anchor, after, limit });
  });
  return router;
}
