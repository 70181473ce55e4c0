import Router from '@koa/router';
import type { AuditRecorder } from '../../audit/audit-recorder';
import type { TaskConfig } from '../../config';
import type { Store } from '../../store/open-store';
import { ConflictError } from '../errors';
import { taskSecretRotateSchema } from '../schemas/task-signing-secret';
import { validate } from '../validate';

export interface TaskSigningSecretRouterDeps {
  store: Store;
  tasks: TaskConfig;
  recorder: AuditRecorder;
}

const RESOURCE = 'task-signing-secret';

/** /v1/task-signing-secret: the secret that signs every task call (one for the deployment). Answered once, at each rotation. */
export function createTaskSigningSecretRouter(deps: TaskSigningSecretRouterDeps): Router {
  const router = new Router({ prefix: '/v1/task-signing-secret' });
  const fromEnv = deps.tasks.signingSecrets;

  router.get('/', async (ctx) => {
    ctx.body = fromEnv?.length
      ? { source: 'TASK_SIGNING_SECRET', signingSecrets: fromEnv.length, createdAt: null, retired: [] }
      : await deps.store.taskSigning
          .describe()
          .then((d) => ({ source: 'database', signingSecrets: d.createdAt === null ? 0 : 1 + d.retired.length, ...d }));
  });

  router.post('/rotate', async (ctx) => {
    const { secret: chosen, grace } = validate(taskSecretRotateSchema, ctx.request.body ?? {});
    if (fromEnv?.length) {
      throw new ConflictError(
        'the task signing secrets come from TASK_SIGNING_SECRET: to rotate, set it to the new secret followed by the old one ("whsec_new whsec_old"), restart, and drop the old one once your app verifies with the new one',
      );
    }
    const rotated = await deps.store.taskSigning.rotate({ secret: chosen, graceMs: grace ?? deps.tasks.secretGraceMs });
    // Never the secret: the audit log is read by more people than hold it.
    await deps.recorder.recordAction({
      actor: ctx.state.actor,
      action: `${RESOURCE}.rotated`,
      resource: RESOURCE,
      detail: { retiredUntil: rotated.retiredUntil, chosen: chosen !== undefined, requestId: ctx.state.requestId },
    });
    ctx.body = rotated;
  });
  return router;
}
