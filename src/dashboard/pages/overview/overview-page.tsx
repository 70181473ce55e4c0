import { Layout } from '../../layout';
import type { PageDeps } from '../../page-deps';
import type { PageRoute } from '../../page-route';
import { streamFragments } from '../../live-stream';
import { html, sendPage } from '../../render';
import { BacklogCards } from './backlog-cards';
import { HourlyChart } from './hourly-chart';
import { KindTable } from './kind-table';
import { loadOverview, type Overview, WINDOW_HOURS } from './overview-data';

const STREAM_PATH = '/dashboard/overview/stream';
// Each render is ~30 visibility counts and a describe per due job: often enough to watch, rare enough to be cheap.
const LIVE_INTERVAL_MS = 5000;

/**
 * /dashboard: the last day's jobs per kind and per hour, and the backlog; every number opens its jobs. The numbers
 * stay current over Server-Sent Events from /dashboard/overview/stream.
 */
export function overviewPages(deps: PageDeps): PageRoute[] {
  return [
    {
      path: '/',
      scopes: ['jobs:read'],
      async handler(ctx, view) {
        const overview = await loadOverview(deps);
        sendPage(
          ctx,
          <Layout title="Overview" active="overview" view={view}>
            <div class="overview" data-live={STREAM_PATH}>
              <OverviewSections overview={overview} />
            </div>
          </Layout>,
        );
      },
    },
    {
      path: '/overview/stream',
      scopes: ['jobs:read'],
      async handler(ctx) {
        streamFragments(ctx, async () => html(<OverviewSections overview={await loadOverview(deps)} />), {
          intervalMs: LIVE_INTERVAL_MS,
        });
      },
    },
  ];
}

function OverviewSections({ overview }: { overview: Overview }) {
  return (
    <>
      <section aria-labelledby="overview-backlog">
        <h2 id="overview-backlog">Backlog now</h2>
        <BacklogCards backlog={overview.backlog} />
      </section>
      <section aria-labelledby="overview-hours" class="panel">
        <h2 id="overview-hours">Per hour, last {WINDOW_HOURS} h</h2>
        <HourlyChart hours={overview.hours} />
      </section>
      <section aria-labelledby="overview-kinds">
        <h2 id="overview-kinds">Last {WINDOW_HOURS} h by kind</h2>
        <p class="muted">
          Jobs started from {overview.window.since.toISOString()} to {overview.window.until.toISOString()} (UTC), and
          how they ended so far.
        </p>
        <KindTable kinds={overview.kinds} window={overview.window} />
      </section>
    </>
  );
}
