import { JOB_KINDS } from '../../../kinds';
import { Layout } from '../../layout';
import { withQuery } from '../../links';
import { streamFragments } from '../../live-stream';
import type { PageDeps } from '../../page-deps';
import type { PageRoute } from '../../page-route';
import { html, sendPage } from '../../render';
import { FilterErrors } from '../jobs/job-filters';
import { DeadLetterGroups } from './dead-letter-list';
import { deadLetterReader } from './dead-letter-reader';
import { parseWindowQuery, windowAt, windowQuery } from './dead-letters-window';
import { ReplayForm, WindowForm } from './window-form';

export const DEAD_LETTERS_PATH = '/dashboard/dead-letters';
const STREAM_PATH = `${DEAD_LETTERS_PATH}/stream`;

/**
 * /dashboard/dead-letters: the jobs whose latest run failed or timed out in a window, found as POST /v1/jobs/replay
 * finds them, grouped by kind and failure; live over Server-Sent Events from /dashboard/dead-letters/stream. Retry
 * and replay are API calls from the browser (POST /v1/jobs/:id/retry, POST /v1/jobs/replay), shown to jobs:admin keys.
 */
export function deadLettersPages(deps: PageDeps): PageRoute[] {
  const read = deadLetterReader(deps.client, deps.taskQueue);
  const kinds = JOB_KINDS.map((k) => k.name);

  return [
    {
      path: '/dead-letters',
      scopes: ['jobs:read'],
      async handler(ctx, view) {
        const query = parseWindowQuery(ctx.query, new Date());
        const canRetry = view.can('jobs:admin');
        const errors = query.ok ? [] : query.errors;
        sendPage(
          ctx,
          <Layout title="Dead letters" active="dead-letters" view={view}>
            <WindowForm form={query.form} kinds={kinds} errors={errors} />
            {!query.ok && <FilterErrors errors={errors} />}
            {query.ok && canRetry && <ReplayForm window={query.window} />}
            {query.ok && (
              <>
                <p class="listing-note muted">
                  Jobs whose latest run failed or timed out in this window. This page updates live.
                </p>
                <div class="dead-letters" data-live={withQuery(STREAM_PATH, windowQuery(query.window))}>
                  <DeadLetterGroups listing={await read(query.window)} canRetry={canRetry} />
                </div>
              </>
            )}
          </Layout>,
          query.ok ? 200 : 400,
        );
      },
    },
    {
      path: '/dead-letters/stream',
      scopes: ['jobs:read'],
      async handler(ctx, view) {
        const canRetry = view.can('jobs:admin');
        const first = parseWindowQuery(ctx.query, new Date());
        if (!first.ok) {
          ctx.status = 400;
          ctx.type = 'text/plain';
          ctx.body = first.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
          return;
        }
        streamFragments(
          ctx,
          async () => {
            const listing = await read(windowAt(first.window, new Date()));
            return html(<DeadLetterGroups listing={listing} canRetry={canRetry} />);
          },
          { intervalMs: 1000 },
        );
      },
    },
  ];
}
