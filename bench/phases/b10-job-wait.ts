// B10 waiting for a result: how soon after a job closes does `GET /v1/jobs/:id?wait=` answer? Each job is an
// email due 2 s after it is accepted; while it waits, the API's long poll and, side by side on the same job, the
// Temporal client's own handle.result() wait for it. Latency: the answer's arrival − the close event's time in
// the job's history (server and bench share one clock). Ratio: ours ÷ handle.result(), which answers no job view.
import { tsToMs } from '@temporalio/common/lib/time';
import { addedMs, BENCH_EMAIL, type Phase, type Row, ms, ratio } from '../lib/context';
import { closedLoop } from '../lib/load';
import { nowMs, summarize } from '../lib/stats';

const JOBS = 200;
const CONCURRENCY = 20;
const MAX_MS = 90_000;
const DUE_IN = '2s';
const TARGET_MS = 100;

export const b10JobWait: Phase = {
  id: 'B10',
  title: 'Waiting for a result',
  async run(ctx) {
    const api: number[] = [];
    const client: number[] = [];
    /** A plain GET of the closed job: building the view the wait answers with, part of its latency. */
    const view: number[] = [];
    let stillOpen = 0;
    const run = await closedLoop(
      async () => {
        const { id } = (await ctx.api.post('/v1/emails', { ...BENCH_EMAIL, delay: DUE_IN })).body;
        const handle = ctx.client.workflow.getHandle(id);
        const [answer, viaClient] = await Promise.all([
          ctx.api.get<{ closedAt: string | null }>(`/v1/jobs/${id}?wait=30s`).then((r) => ({ ...r.body, at: nowMs() })),
          handle.result().then(() => nowMs()),
        ]);
        if (answer.closedAt === null) return void stillOpen++;
        const events = (await handle.fetchHistory()).events ?? [];
        const closedAt = tsToMs(events.at(-1)!.eventTime);
        api.push(answer.at - closedAt);
        client.push(viaClient - closedAt);
        const asked = nowMs();
        await ctx.api.get(`/v1/jobs/${id}`);
        view.push(nowMs() - asked);
      },
      { concurrency: CONCURRENCY, maxCount: JOBS, maxMs: MAX_MS },
    );
    if (run.failed) ctx.log(`  ${run.failed} jobs failed, the first with: ${run.firstError}`);
    const ours = summarize(api);
    const baseline = summarize(client);
    ctx.log(
      `  close → answer: API p50 ${ours.p50} / p99 ${ours.p99} ms; handle.result() p50 ${baseline.p50} / p99 ${baseline.p99} ms`,
    );
    const rows: Row[] = (['p50', 'p99'] as const).map((p) => ({
      measure: `close → answer ${p}, ${ours.count} jobs, ${CONCURRENCY} waiting at once`,
      ours: ms(ours[p]),
      baseline: ms(baseline[p]),
      ratio: `${ratio(ours[p], baseline[p])} (${addedMs(ours[p] - baseline[p])})`,
      target: p === 'p99' ? `≤ ${TARGET_MS} ms` : '',
      ...(p === 'p99' ? { met: ours.p99 <= TARGET_MS } : {}),
    }));
    const viewCost = summarize(view);
    const notes = [
      `A plain GET of a closed job (the view the wait answers with) took p50 ${viewCost.p50} / p99 ${viewCost.p99} ms.`,
    ];
    return { rows, notes, data: { api: ours, client: baseline, view: viewCost, stillOpen, failed: run.failed } };
  },
};
