import Router from '@koa/router';
import { InvalidAuditQueryError } from '../../../activities/store';
import { jsonBytes } from '../../../workflows/shared/audit-limits';
import type { AuditEventInput } from '../../../activities/audit-log';
import { AuditEventConflictError } from '../../audit/audit-event-conflict-error';
import { toAuditEvents } from '../../audit/audit-events';
import type { AuditRecorder } from '../../audit/audit-recorder';
import type { AcceptedEvent } from '../../audit/stored-events';
import type { AuditConfig } from '../../config';
import type { Store } from '../../store/open-store';
import { ConflictError, ValidationError } from '../errors';
import { auditQueryFieldError } from '../../audit/audit-query-error';
import {
  auditBatchSchema,
  auditEventSchema,
  auditQuerySchema,
  auditVerifyQuerySchema,
} from '../../audit/audit-event-schema';
import { validate, validateQuery } from '../validate';

export interface AuditEventsRouterDeps {
  recorder: AuditRecorder;
  store: Store;
  audit: AuditConfig;
}

/** POST /v1/audit-events[/batch] (202 once Temporal holds the events, 409 for an id recorded with other content), GET /v1/audit-events[/verify] (from the store). */
export function createAuditEventsRouter(deps: AuditEventsRouterDeps): Router {
  const router = new Router({ prefix: '/v1/audit-events' });
  const eventSchema = auditEventSchema(deps.audit);
  const batchSchema = auditBatchSchema(deps.audit);
  // An id names one event for good: other content under a recorded id is refused (409), not dropped.
  const record = async (events: AuditEventInput[], field: (index: number) => string): Promise<AcceptedEvent[]> => {
    try {
      return await deps.recorder.record(events);
    } catch (err) {
      if (!(err instanceof AuditEventConflictError)) throw err;
      const errors = err.conflicts.map(({ index, id }) => ({
        field: field(index),
        message: `${JSON.stringify(id)} is already recorded with other content`,
      }));
      const what = events.length === 1 ? 'the event was not accepted' : 'no event of the batch was accepted';
      throw new ConflictError(`audit event ${err.message}; ${what}: send other content under a new id`, { errors });
    }
  };

  router.post('/', async (ctx) => {
    const [event] = await record(toAuditEvents([validate(eventSchema, ctx.request.body)]), () => 'id');
    ctx.status = 202;
    ctx.body = { status: 'accepted', id: event!.id, at: event!.at };
  });

  router.post('/batch', async (ctx) => {
    const events = toAuditEvents(validate(batchSchema, ctx.request.body).events);
    // The events as the caller would write them with ids and times: the atDefaulted marks are ours.
    const bytes = jsonBytes(events.map(({ atDefaulted: _, ...event }) => event));
    if (bytes > deps.audit.maxBatchBytes) {
      throw new ValidationError([
        {
          field: 'events',
          message: `the events total ${bytes} bytes, more than ${deps.audit.maxBatchBytes}; split the batch`,
        },
      ]);
    }
    const accepted = await record(events, (index) => `events[${index}].id`);
    ctx.status = 202;
    ctx.body = { status: 'accepted', count: accepted.length, events: accepted };
  });

  router.get('/', async (ctx) => {
    const query = validateQuery(auditQuerySchema, ctx.query);
    try {
      ctx.body = await deps.store.audit.list(query);
    } catch (err) {
      if (!(err instanceof InvalidAuditQueryError)) throw err;
      throw new ValidationError([auditQueryFieldError(err)]);
    }
  });

  // A page of the chain at a time (`limit` rows from `after`), with its head and an optional anchor check.
  router.get('/verify', async (ctx) => {
    const { anchor, after, limit } = validateQuery(auditVerifyQuerySchema, ctx.query);
    ctx.body = await deps.store.audit.verify({ anchor, after, limit });
  });
  return router;
}
