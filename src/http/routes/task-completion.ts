import type Router from '@koa/router';
import type { Client } from '@temporalio/client';
import { completeTask, failTask, reportTaskProgress } from '../../jobs/task-completion';
import { completeTaskSchema, failTaskSchema, taskProgressSchema } from '../schemas/task-completion';
import { validate } from '../validate';
import { createJobRouter } from './job-router';

/**
 * The app's side of an async task (a 202 answer): complete it, fail it, or report progress, which answers
 * whether the job was cancelled. Completing or failing a cancelled task acknowledges the cancellation.
 */
export function createTaskCompletionRouter(deps: { client: Client }): Router {
  const router = createJobRouter();
  router.post('/:id/complete', async (ctx) => {
    ctx.body = {
      id: ctx.params.id,
      ...(await completeTask(deps.client, ctx.params.id!, validate(completeTaskSchema, ctx.request.body ?? {}))),
    };
  });
  router.post('/:id/fail', async (ctx) => {
    ctx.body = {
      id: ctx.params.id,
      ...(await failTask(deps.client, ctx.params.id!, validate(failTaskSchema, ctx.request.body ?? {}))),
    };
  });
  router.post('/:id/progress', async (ctx) => {
    ctx.body = {
      id: ctx.params.id,
      ...(await reportTaskProgress(deps.client, ctx.params.id!, validate(taskProgressSchema, ctx.request.body ?? {}))),
    };
  });
  return router;
}
