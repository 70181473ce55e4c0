import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { TaskTypeStore } from '../../../activities/tasks';
import { TaskTypeExistsError } from '../../../activities/store';
import type { AuditRecorder } from '../../audit/audit-recorder';
import type { TaskConfig } from '../../config';
import type { Store } from '../../store/open-store';
import { countOpenTaskJobs } from '../../tasks/open-task-jobs';
import { taskTypeRequestSchema } from '../../tasks/task-type-schema';
import { mergeTaskTypePatch, replacedBy, taskTypeView } from '../../tasks/task-type-view';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { validate } from '../validate';
import { patchBody } from './schedules';

export interface TaskTypesRouterDeps {
  client: Client;
  taskQueue: string;
  store: Store;
  tasks: TaskConfig;
  recorder: AuditRecorder;
}

/** /v1/task-types: the endpoints of the user's app that task jobs call, and the policy of their calls. */
export function createTaskTypesRouter(deps: TaskTypesRouterDeps): Router {
  const router = new Router({ prefix: '/v1/task-types' });
  const types: TaskTypeStore = deps.store.taskTypes;
  const schema = taskTypeRequestSchema(deps.tasks);
  const found = <T>(name: string, value: T | undefined): T => {
    if (value === undefined) throw new NotFoundError(`no task type named ${name}`);
    return value;
  };
  // Control actions go to the audit log; never the URL (URLs often embed tokens).
  const record = (
    action: string,
    name: string,
    state: { requestId: string; actor?: string },
    detail: Record<string, unknown> = {},
  ) =>
    deps.recorder.recordAction({
      actor: state.actor,
      action: `task-type.${action}`,
      resource: `task-type:${name}`,
      detail: { ...detail, requestId: state.requestId },
    });

  router.post('/', async (ctx) => {
    const { name, settings } = validate(schema, ctx.request.body);
    const created = await types.create(name, settings).catch((err: unknown) => {
      throw err instanceof TaskTypeExistsError
        ? new ConflictError(`${err.message}; change it with PATCH /v1/task-types/${name}`)
        : err;
    });
    await record('created', name, ctx.state);
    ctx.status = 201;
    ctx.set('Location', `/v1/task-types/${name}`);
    ctx.body = taskTypeView(created);
  });

  router.get('/', async (ctx) => {
    ctx.body = { taskTypes: (await types.list()).map(taskTypeView) };
  });

  router.get('/:name', async (ctx) => {
    ctx.body = taskTypeView(found(ctx.params.name!, await types.get(ctx.params.name!)));
  });

  router.patch('/:name', async (ctx) => {
    const name = ctx.params.name!;
    const patch = validate(patchBody, ctx.request.body ?? {});
    if (patch.name !== undefined && patch.name !== name)
      throw new ValidationError([{ field: 'name', message: 'cannot be changed' }]);
    const current = found(name, await types.get(name));
    const { settings } = validate(schema, mergeTaskTypePatch(taskTypeView(current), patch));
    const updated = found(name, await types.update(name, replacedBy(settings)));
    await record('updated', name, ctx.state, { fields: Object.keys(patch).sort() });
    ctx.body = taskTypeView(updated);
  });

  router.delete('/:name', async (ctx) => {
    const name = ctx.params.name!;
    found(name, await types.get(name));
    // A job still running (or waiting to run) needs its type: deleting it under the job would fail the job.
    const open = await countOpenTaskJobs(deps.client, deps.taskQueue, name);
    if (open > 0)
      throw new ConflictError(
        `task type ${name} has ${open} running job${open === 1 ? '' : 's'}: let them finish or cancel them, then delete it`,
        { runningJobs: open },
      );
    found(name, (await types.remove(name)) || undefined);
    await record('deleted', name, ctx.state);
    ctx.status = 204;
  });
  return router;
}
