import { countFailedTaskJobs, countOpenTaskJobs } from '../../../tasks/open-task-jobs';
import { taskTypeView } from '../../../tasks/task-type-view';
import { Layout } from '../../layout';
import { operationScopes } from '../../operation-scopes';
import type { PageDeps } from '../../page-deps';
import type { PageRoute } from '../../page-route';
import { sendPage } from '../../render';
import { type TaskTypeRow, TaskTypeTable } from './task-type-rows';

/** /dashboard/task-types: GET /v1/task-types with each type's open and failed jobs, and PATCH/DELETE controls. */
export function taskTypesPages(deps: PageDeps): PageRoute[] {
  const rows = async (): Promise<TaskTypeRow[]> =>
    Promise.all(
      (await deps.store.taskTypes.list()).map(async (type) => ({
        type: taskTypeView(type),
        openJobs: await countOpenTaskJobs(deps.client, deps.taskQueue, type.name),
        failedRuns: await countFailedTaskJobs(deps.client, deps.taskQueue, type.name),
      })),
    );
  const changeScopes = operationScopes('PATCH /v1/task-types/:name');
  const deleteScopes = operationScopes('DELETE /v1/task-types/:name');

  return [
    {
      path: '/task-types',
      scopes: operationScopes('GET /v1/task-types'),
      async handler(ctx, view) {
        sendPage(
          ctx,
          <Layout title="Task types" active="task-types" view={view}>
            <p class="listing-note muted">
              The endpoints of your app that task jobs call, and the policy of their calls. Job counts come from
              Temporal's visibility and may be a moment behind.
            </p>
            <TaskTypeTable
              rows={await rows()}
              controls={{ change: view.can(...changeScopes), delete: view.can(...deleteScopes) }}
            />
          </Layout>,
        );
      },
    },
  ];
}
