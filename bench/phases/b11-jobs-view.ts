// B11 the jobs view: GET /dashboard/jobs (signed in with a session cookie) beside GET /v1/jobs (the bearer key),
// the API call the view is built on, with at least 5,000 closed jobs on the run's task queue. Same query, same
// limit (none given: the view's default page of 20 is the API's), once without filters and once filtered; the two
// alternate request by request (which goes first alternates too), one at a time, each timed to its last byte.
import { Pool } from 'undici';
import { type Phase, type Row, ms, ratio } from '../lib/context';
import { dashboardSessionCookie } from '../lib/dashboard-session';
import { fillWithClosedJobs } from '../lib/fill-jobs';
import { nowMs, type Summary, summarize } from '../lib/stats';

const JOBS = 5_000;
// On a loaded machine the dev server starts ~24 pings/s and closes fewer: 5,000 take ~4 min to start, ~9 to close.
const FILL = { concurrency: 16, startWithinMs: 300_000, closeWithinMs: 480_000 };
const WARM_UP = 20;
const SAMPLES = 200;
const CASE_WITHIN_MS = 120_000;
const TARGET = 1.5;

const CASES = [
  { name: 'no filters', query: '' },
  { name: 'status=succeeded&kind=ping', query: '?status=succeeded&kind=ping' },
] as const;

type Side = 'view' | 'api';
const PATHS: Record<Side, string> = { view: '/dashboard/jobs', api: '/v1/jobs' };

interface CaseResult {
  view: Summary;
  api: Summary;
  /** Jobs on the page, and the size of each answer. */
  jobs: number;
  bytes: Record<Side, number>;
}

export const b11JobsView: Phase = {
  id: 'B11',
  title: 'Jobs view',
  async run(ctx) {
    const filled = await fillWithClosedJobs(ctx, JOBS, FILL);
    ctx.log(
      `  ${filled.total} jobs on the task queue (${filled.started} pings started, ${filled.seconds} s), ${filled.open} open`,
    );
    const cookie = await dashboardSessionCookie(ctx.afterward.apiUrl, ctx.apiKey);
    const headers: Record<Side, Record<string, string>> = {
      view: { cookie, accept: 'text/html' },
      api: { authorization: `Bearer ${ctx.apiKey}`, accept: 'application/json' },
    };
    const pool = new Pool(ctx.afterward.apiUrl, { connections: 2, pipelining: 1 });
    const get = async (side: Side, query: string): Promise<{ ms: number; body: string }> => {
      const started = nowMs();
      const response = await pool.request({ path: `${PATHS[side]}${query}`, method: 'GET', headers: headers[side] });
      const body = await response.body.text();
      const took = nowMs() - started;
      if (response.statusCode !== 200) throw new Error(`GET ${PATHS[side]}${query}: ${response.statusCode}`);
      return { ms: took, body };
    };
    const results: Record<string, CaseResult> = {};
    const rows: Row[] = [];
    try {
      for (const c of CASES) {
        const result = await measureCase((side) => get(side, c.query));
        results[c.name] = result;
        ctx.log(
          `  ${c.name}: view p50 ${result.view.p50} / p99 ${result.view.p99} ms; GET /v1/jobs p50 ${result.api.p50} / p99 ${result.api.p99} ms (${result.view.count} each)`,
        );
        for (const p of ['p50', 'p99'] as const)
          rows.push({
            measure: `${p}, ${c.name}, page of ${result.jobs} of ${filled.total} jobs`,
            ours: ms(result.view[p]),
            baseline: ms(result.api[p]),
            ratio: ratio(result.view[p], result.api[p]),
            target: `≤ ${TARGET}`,
            met: result.view[p] <= TARGET * result.api[p],
          });
      }
    } finally {
      await pool.close();
    }
    const notes = [
      `${filled.total} jobs on the task queue, ${filled.open} open; one request at a time, the two alternating, ${WARM_UP} pairs of warm-up then up to ${SAMPLES} pairs per case.`,
      ...Object.entries(results).map(
        ([name, r]) =>
          `${name}: the page is ${kib(r.bytes.view)} of HTML, the API's answer ${kib(r.bytes.api)} of JSON.`,
      ),
    ];
    return { rows, notes, data: { filled, cases: results } };
  },
};

/** Warm-up pairs, then timed pairs, alternating which side goes first; both pages must hold the same jobs. */
async function measureCase(get: (side: Side) => Promise<{ ms: number; body: string }>): Promise<CaseResult> {
  const samples: Record<Side, number[]> = { view: [], api: [] };
  const deadline = nowMs() + CASE_WITHIN_MS;
  const first = { view: await get('view'), api: await get('api') };
  const jobs = (JSON.parse(first.api.body) as { jobs: unknown[] }).jobs.length;
  const rows = first.view.body.split('data-job-id=').length - 1;
  if (jobs === 0 || rows !== jobs) throw new Error(`the view shows ${rows} jobs where GET /v1/jobs gives ${jobs}`);
  for (let i = 0; i < WARM_UP + SAMPLES && nowMs() < deadline; i++) {
    const order: Side[] = i % 2 === 0 ? ['api', 'view'] : ['view', 'api'];
    for (const side of order) {
      const { ms: took } = await get(side);
      if (i >= WARM_UP) samples[side].push(took);
    }
  }
  return {
    view: summarize(samples.view),
    api: summarize(samples.api),
    jobs,
    bytes: { view: Buffer.byteLength(first.view.body), api: Buffer.byteLength(first.api.body) },
  };
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
