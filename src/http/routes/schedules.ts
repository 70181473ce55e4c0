import Router from '@koa/router';
import type { KindDeps } from '../../kinds/kind';
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { JobLinkBuilder } from '../../jobs/job-view';
import { scheduledJobKinds } from '../../schedules/job-kinds';
import { listSchedules } from '../../schedules/list-schedules';
import {
  overlapPolicy,
  type ScheduleContext,
  scheduleOptions,
  scheduleUpdateOptions,
} from '../../schedules/schedule-options';
import { mergeSchedulePatch } from '../../schedules/schedule-patch';
import { definitionOf, presentDefinition } from '../../schedules/schedule-view';
import { describeSchedule, getScheduleView } from '../../schedules/describe-schedule';
import { ValidationError } from '../errors';
import {
  backfillSchema,
  noteSchema,
  scheduleListQuerySchema,
  scheduleRequestSchema,
  triggerSchema,
} from '../../schedules/schedule-schema';
import { validate, validateQuery } from '../validate';

export interface ScheduleRouterDeps extends KindDeps {
  client: Client;
  taskQueue: string;
  links: JobLinkBuilder;
}

export const patchBody = z.record(z.string(), z.unknown());

/** /v1/schedules: Temporal Schedules that start jobs; Temporal does the firing. */
export function createSchedulesRouter(deps: ScheduleRouterDeps): Router {
  const router = new Router({ prefix: '/v1/schedules' });
  const context: ScheduleContext = { taskQueue: deps.taskQueue, kinds: scheduledJobKinds(deps) };
  const schema = scheduleRequestSchema(context.kinds);
  const handle = (id: string) => deps.client.schedule.getHandle(id);
  const describe = (id: string) => describeSchedule(deps.client, id);
  const view = (id: string) => getScheduleView(deps.client, id, context, deps.links);

  router.post('/', async (ctx) => {
    const def = validate(schema, ctx.request.body);
    await deps.client.schedule.create(scheduleOptions(def, context, 'api'));
    ctx.status = 201;
    ctx.set('Location', deps.links.schedule(def.id));
    ctx.body = await view(def.id);
  });

  router.get('/', async (ctx) => {
    ctx.body = await listSchedules(deps.client, validateQuery(scheduleListQuerySchema, ctx.query), deps.links);
  });

  router.get('/:id', async (ctx) => {
    ctx.body = await view(ctx.params.id!);
  });

  router.patch('/:id', async (ctx) => {
    const id = ctx.params.id!;
    const patch = validate(patchBody, ctx.request.body);
    if (patch.id !== undefined && patch.id !== id)
      throw new ValidationError([{ field: 'id', message: 'cannot be changed' }]);
    const current = definitionOf(await describe(id), context);
    const def = validate(schema, mergeSchedulePatch(current, presentDefinition(current), patch));
    await handle(id).update(() => scheduleUpdateOptions(def, context, def));
    ctx.body = await view(id);
  });

  router.delete('/:id', async (ctx) => {
    await describe(ctx.params.id!);
    await handle(ctx.params.id!).delete();
    ctx.status = 204;
  });

  router.post('/:id/pause', async (ctx) => {
    const { note } = validate(noteSchema, ctx.request.body ?? {});
    await describe(ctx.params.id!);
    await handle(ctx.params.id!).pause(note ?? 'paused through the Afterward API');
    ctx.body = await view(ctx.params.id!);
  });

  router.post('/:id/unpause', async (ctx) => {
    const { note } = validate(noteSchema, ctx.request.body ?? {});
    await describe(ctx.params.id!);
    await handle(ctx.params.id!).unpause(note ?? 'unpaused through the Afterward API');
    ctx.body = await view(ctx.params.id!);
  });

  router.post('/:id/trigger', async (ctx) => {
    const { overlap } = validate(triggerSchema, ctx.request.body ?? {});
    await describe(ctx.params.id!);
    await handle(ctx.params.id!).trigger(overlapPolicy(overlap));
    ctx.status = 202;
    ctx.body = await view(ctx.params.id!);
  });

  router.post('/:id/backfill', async (ctx) => {
    const { from, to, overlap } = validate(backfillSchema, ctx.request.body ?? {});
    await describe(ctx.params.id!);
    await handle(ctx.params.id!).backfill({
      start: new Date(from),
      end: new Date(to),
      overlap: overlap && overlapPolicy(overlap),
    });
    ctx.status = 202;
    ctx.body = await view(ctx.params.id!);
  });
  return router;
}
