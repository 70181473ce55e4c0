// B14 listing open jobs: GET /v1/jobs?status=retrying&kind=webhook&limit=100 over 100 webhook jobs that wait for
// their next attempt (a receiver answering 500), beside one bare visibility list of the same query
// (client.workflowService.listWorkflowExecutions, the call listJobs makes), request by request in alternation, one
// at a time, which goes first alternating. A listing that describes each job would cost 100 more calls.
import { jobListQuery } from '../../src/jobs/job-query';
import { type Phase, ms, ratio } from '../lib/context';
import { closedLoop, pollUntil } from '../lib/load';
import { nowMs, summarize } from '../lib/stats';
import { startBenchWebhookReceiver } from '../lib/webhook-receiver';

const JOBS = 100;
const WARM_UP = 20;
const SAMPLES = 200;
/** The default schedule waits 5 s, then 5 min: the jobs stay retrying for the whole phase. */
const RETRYING_WITHIN_MS = 60_000;
const MEASURE_WITHIN_MS = 120_000;
const TARGET = 1.5;

type Side = 'api' | 'visibility';

export const b14JobList: Phase = {
  id: 'B14',
  title: 'Listing open jobs',
  async run(ctx) {
    const receiver = await startBenchWebhookReceiver({ status: 500 });
    const tag = `b14-${Date.now()}`;
    const ids: string[] = [];
    try {
      const { body: endpoint } = await ctx.api.post<{ id: string }>('/v1/webhook-endpoints', {
        url: receiver.url,
        description: 'npm run bench B14: answers 500',
      });
      const sent = await closedLoop(
        async () => {
          const { body } = await ctx.api.post<{ jobs: { id: string }[] }>('/v1/webhooks', {
            event: 'invoice.paid',
            payload: { invoice: 'in_b14' },
            endpointId: endpoint.id,
            tags: [tag],
          });
          ids.push(body.jobs[0]!.id);
        },
        { concurrency: 8, maxCount: JOBS, maxMs: 30_000 },
      );
      if (sent.ok !== JOBS) throw new Error(`${sent.ok} of ${JOBS} webhooks accepted: ${sent.firstError}`);
      const path = `/v1/jobs?status=retrying&kind=webhook&tag=${tag}&limit=${JOBS}`;
      const listed = async () => (await ctx.api.get<{ jobs: unknown[] }>(path)).body.jobs.length;
      if (!(await pollUntil(async () => (await listed()) === JOBS, { timeoutMs: RETRYING_WITHIN_MS })))
        throw new Error(`${await listed()} of ${JOBS} webhooks listed retrying within ${RETRYING_WITHIN_MS} ms`);
      const query = jobListQuery(ctx.taskQueue, { status: 'retrying', kind: 'webhook', tag }, new Date());
      const timed: Record<Side, () => Promise<number>> = {
        api: async () => (await ctx.api.get<{ jobs: unknown[] }>(path)).body.jobs.length,
        visibility: async () =>
          (
            await ctx.client.workflowService.listWorkflowExecutions({
              namespace: ctx.client.options.namespace,
              query,
              pageSize: JOBS,
            })
          ).executions.length,
      };
      const samples: Record<Side, number[]> = { api: [], visibility: [] };
      const deadline = nowMs() + MEASURE_WITHIN_MS;
      for (let i = 0; i < WARM_UP + SAMPLES && nowMs() < deadline; i++) {
        for (const side of (i % 2 === 0 ? ['visibility', 'api'] : ['api', 'visibility']) as Side[]) {
          const started = nowMs();
          const count = await timed[side]();
          if (count !== JOBS) throw new Error(`${side} listed ${count} of ${JOBS} retrying jobs`);
          if (i >= WARM_UP) samples[side].push(nowMs() - started);
        }
      }
      const api = summarize(samples.api);
      const visibility = summarize(samples.visibility);
      ctx.log(
        `  GET /v1/jobs p50 ${api.p50} / p99 ${api.p99} ms; bare list p50 ${visibility.p50} / p99 ${visibility.p99} ms (${api.count} each)`,
      );
      const rows = (['p50', 'p99'] as const).map((p) => ({
        measure: `${p}, status=retrying, a page of ${JOBS} open webhook jobs`,
        ours: ms(api[p]),
        baseline: ms(visibility[p]),
        ratio: ratio(api[p], visibility[p]),
        target: `≤ ${TARGET}`,
        met: api[p] <= TARGET * visibility[p],
      }));
      const notes = [
        `${JOBS} webhook jobs between attempts (receiver answers 500); one request at a time, the two alternating, ${WARM_UP} pairs of warm-up then up to ${SAMPLES} pairs.`,
      ];
      return { rows, notes, data: { jobs: JOBS, api, visibility } };
    } finally {
      // Left running, they would retry for hours beside the phases after this one.
      await Promise.all(
        ids.map((id) =>
          ctx.client.workflow
            .getHandle(id)
            .terminate('bench B14 done')
            .catch(() => undefined),
        ),
      );
      await receiver.close();
    }
  },
};
