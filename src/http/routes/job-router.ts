import Router from '@koa/router';
import { isInternalWorkflowId } from '../../jobs/internal-workflows';
import { NotFoundError } from '../errors';

/** A router for `/v1/jobs/:id…` routes: an internal workflow's id names no job on any of them (404). */
export function createJobRouter(): Router {
  return new Router({ prefix: '/v1/jobs' }).param('id', (id, _ctx, next) => {
    if (isInternalWorkflowId(id)) throw new NotFoundError(`no job with id ${id}`);
    return next();
  });
}
