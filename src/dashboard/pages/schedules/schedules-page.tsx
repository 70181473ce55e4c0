import { validateQuery } from '../../../http/validate';
import { getScheduleView } from '../../../schedules/describe-schedule';
import { scheduledJobKinds } from '../../../schedules/job-kinds';
import { listSchedules } from '../../../schedules/list-schedules';
import type { ScheduleContext } from '../../../schedules/schedule-options';
import { scheduleListQuerySchema } from '../../../schedules/schedule-schema';
import { Layout } from '../../layout';
import { withQuery } from '../../links';
import { streamFragments } from '../../live-stream';
import { operationScopes } from '../../operation-scopes';
import type { PageDeps } from '../../page-deps';
import type { PageRoute } from '../../page-route';
import { html, sendPage } from '../../render';
import { canControlSchedules, ScheduleActions } from './schedule-actions';
import { ScheduleActivity, ScheduleFacts } from './schedule-detail';
import { ScheduleTable } from './schedule-list';
import { SCHEDULES_PATH, schedulePath } from './schedule-paths';

/**
 * /dashboard/schedules: GET /v1/schedules a page at a time; /dashboard/schedules/:id: GET /v1/schedules/:id, its
 * next fires, recent runs (links to their jobs) and the fires that started none, kept current over Server-Sent
 * Events from /dashboard/schedules/:id/stream, with pause, unpause and trigger.
 */
export function schedulesPages(deps: PageDeps): PageRoute[] {
  const context: ScheduleContext = { taskQueue: deps.taskQueue, kinds: scheduledJobKinds(deps) };
  const scheduleOf = (id: string) => getScheduleView(deps.client, id, context, deps.links);
  return [
    {
      path: '/schedules',
      scopes: operationScopes('GET /v1/schedules'),
      async handler(ctx, view) {
        const query = validateQuery(scheduleListQuerySchema, ctx.query);
        const page = await listSchedules(deps.client, query, deps.links);
        const limit = ctx.query.limit ? query.limit : undefined;
        sendPage(
          ctx,
          <Layout title="Schedules" active="schedules" view={view}>
            <p class="listing-note muted">
              Temporal&apos;s list of schedules catches up within a few seconds of a change; a schedule&apos;s own page
              is always current.
            </p>
            <ScheduleTable schedules={page.schedules} />
            <nav class="pager" aria-label="Pages">
              {query.cursor && <a href={withQuery(SCHEDULES_PATH, { limit })}>First page</a>}
              {page.nextCursor ? (
                <a href={withQuery(SCHEDULES_PATH, { limit, cursor: page.nextCursor })} rel="next">
                  Next page
                </a>
              ) : (
                <span class="muted">Last page</span>
              )}
            </nav>
          </Layout>,
        );
      },
    },
    {
      path: '/schedules/:id/stream',
      scopes: operationScopes('GET /v1/schedules/:id'),
      async handler(ctx) {
        const id = ctx.params.id!;
        streamFragments(ctx, async () => html(<ScheduleActivity schedule={await scheduleOf(id)} />), {
          intervalMs: 1000,
        });
      },
    },
    {
      path: '/schedules/:id',
      scopes: operationScopes('GET /v1/schedules/:id'),
      async handler(ctx, view) {
        const schedule = await scheduleOf(ctx.params.id!);
        sendPage(
          ctx,
          <Layout title={`Schedule ${schedule.id}`} active="schedules" view={view}>
            <p>
              <a href={SCHEDULES_PATH}>All schedules</a> ·{' '}
              <a href={schedule.links.temporalUi} target="_blank" rel="noopener noreferrer">
                In the Temporal UI ↗
              </a>
            </p>
            <ScheduleFacts schedule={schedule} />
            {canControlSchedules(view) && <ScheduleActions schedule={schedule} view={view} />}
            <section class="schedule-activity" data-live={`${schedulePath(schedule.id)}/stream`}>
              <ScheduleActivity schedule={schedule} />
            </section>
          </Layout>,
        );
      },
    },
  ];
}
