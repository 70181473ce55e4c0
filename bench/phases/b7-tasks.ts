// B7 task jobs: completed task jobs/s (POST /v1/tasks/:type, the worker calling the app's URL on the
// type's own queue) ÷ completed webhook jobs/s (POST /v1/webhooks to one endpoint), the same count of
// jobs from the same 16 concurrent enqueuers, in alternating rounds in the same Afterward process; the
// app and the webhook receiver, both on loopback, answer at once (200 and 204). Then the latency from
// the POST's answer to the call read by the app (keyed by afterward-job-id) or the receiver (webhook-id,
// also the job id), at a fixed arrival rate of half the slower kind's jobs/s, alternating call by call.
import { addedMs, type BenchContext, ms, type Phase, type Row, ratio } from '../lib/context';
import { closedLoop, openLoop, pollUntil } from '../lib/load';
import { nowMs, round, summarize, type Summary } from '../lib/stats';
import { type BenchWebhookReceiver, startBenchWebhookReceiver } from '../lib/webhook-receiver';

const CONCURRENCY = 16;
const JOBS_PER_ROUND = 200;
const START = { concurrency: CONCURRENCY, maxCount: JOBS_PER_ROUND, maxMs: 30_000 };
const RECEIVE_WITHIN_MS = 90_000;
// Short rounds, ABBA BAAB: on a shared machine the load swings within a minute.
const ORDER = ['webhook', 'task', 'task', 'webhook', 'task', 'webhook', 'webhook', 'task'] as const;
const WARMUP = { concurrency: CONCURRENCY, maxCount: 20, maxMs: 10_000 };
const LATENCY = { maxCount: 600, maxMs: 20_000 };
const FALLBACK_RATE = 20;
const TARGET = 0.9;
const TASK_TYPE = 'bench';
const PAYLOAD = { invoiceId: 'inv_123', amount: 4200, currency: 'EUR', paidAt: '2026-11-22T10:00:00Z' };
type Kind = (typeof ORDER)[number];

interface Path {
  receiver: BenchWebhookReceiver;
  /** Starts one job; its id, which its call carries. */
  enqueue(): Promise<string>;
}

interface RoundResult {
  jobs: number;
  received: number;
  perSec: number;
  /** POST answer → received with a backlog of up to a round's jobs: queueing, for the record. */
  saturatedLatency: Summary;
}

export const b7Tasks: Phase = {
  id: 'B7',
  title: 'Task jobs',
  async run(ctx) {
    const hooks = await startBenchWebhookReceiver({ status: 204, idHeader: 'webhook-id' });
    const app = await startBenchWebhookReceiver({
      status: 200,
      idHeader: 'afterward-job-id',
      path: `/tasks/${TASK_TYPE}`,
    });
    try {
      // TASK_ALLOWED_ORIGINS is read at start; an origin given as an IP address is exempt from the SSRF policy.
      await ctx.restartAfterward({ env: { TASK_ALLOWED_ORIGINS: new URL(app.url).origin } });
      const paths = await setUp(ctx, hooks, app);
      for (const kind of ['webhook', 'task'] as const) await warmUp(paths[kind]);
      const rounds: Record<Kind, RoundResult[]> = { webhook: [], task: [] };
      for (const kind of ORDER) {
        const result = await throughputRound(paths[kind]);
        ctx.log(`  ${kind}: ${result.received}/${result.jobs} received, ${result.perSec}/s`);
        rounds[kind].push(result);
      }
      const task = meanRate(rounds.task);
      const webhook = meanRate(rounds.webhook);
      const rate = round(Math.max(1, (Math.min(task, webhook) || FALLBACK_RATE) / 2), 1);
      const latency = await interleavedLatency(paths, rate);
      ctx.log(
        `  latency at ${rate}/s: task p50 ${latency.task.latency.p50} / p99 ${latency.task.latency.p99} ms; webhook p50 ${latency.webhook.latency.p50} / p99 ${latency.webhook.latency.p99} ms`,
      );
      const rows: Row[] = [
        {
          measure: `completed jobs/s, task ÷ webhook, ${JOBS_PER_ROUND} per round, ${CONCURRENCY} concurrent enqueuers (app and receiver answer at once)`,
          ours: `${task}/s`,
          baseline: `${webhook}/s`,
          ratio: ratio(task, webhook),
          target: `≥ ${TARGET}`,
          met: webhook > 0 && task / webhook >= TARGET,
        },
      ];
      for (const p of ['p50', 'p99'] as const) {
        const [ours, base] = [latency.task.latency[p], latency.webhook.latency[p]];
        rows.push({
          measure: `POST answer → app reads the call ${p}, ${rate}/s alternating with webhooks`,
          ours: ms(ours),
          baseline: ms(base),
          ratio: `${ratio(ours, base)} (${addedMs(ours - base)})`,
          target: '',
        });
      }
      return {
        rows,
        data: {
          concurrency: CONCURRENCY,
          jobsPerRound: JOBS_PER_ROUND,
          rounds,
          taskPerSec: task,
          webhookPerSec: webhook,
          latencyRatePerSec: rate,
          latency,
        },
      };
    } finally {
      await ctx.restartAfterward({});
      await hooks.close();
      await app.close();
    }
  },
};

async function setUp(
  ctx: BenchContext,
  hooks: BenchWebhookReceiver,
  app: BenchWebhookReceiver,
): Promise<Record<Kind, Path>> {
  const { body: endpoint } = await ctx.api.post<{ id: string }>('/v1/webhook-endpoints', {
    url: hooks.url,
    description: 'npm run bench B7',
  });
  await ctx.api.post('/v1/task-types', { name: TASK_TYPE, url: app.url });
  return {
    webhook: {
      receiver: hooks,
      enqueue: async () =>
        (
          await ctx.api.post<{ jobs: { id: string }[] }>('/v1/webhooks', {
            event: 'invoice.paid',
            payload: PAYLOAD,
            endpointId: endpoint.id,
          })
        ).body.jobs[0]!.id,
    },
    task: {
      receiver: app,
      enqueue: async () => (await ctx.api.post(`/v1/tasks/${TASK_TYPE}`, { payload: PAYLOAD })).body.id,
    },
  };
}

/** Unmeasured: connections open, code paths compiled, the type's Worker polling its queue. */
async function warmUp(path: Path): Promise<void> {
  const run = await closedLoop(() => path.enqueue(), WARMUP);
  if (run.failed) throw new Error(`warm-up: ${run.failed} jobs refused: ${run.firstError}`);
  await pollUntil(() => path.receiver.received >= run.ok, { timeoutMs: RECEIVE_WITHIN_MS });
}

/** As fast as the API takes them; jobs/s from the first POST to the last call read. */
async function throughputRound(path: Path): Promise<RoundResult> {
  path.receiver.reset();
  const answeredAt = new Map<string, number>();
  const started = nowMs();
  const run = await closedLoop(async () => answeredAt.set(await path.enqueue(), nowMs()), START);
  await pollUntil(() => path.receiver.received >= run.ok, { timeoutMs: RECEIVE_WITHIN_MS });
  const { received, lastAt } = path.receiver;
  return {
    jobs: run.ok,
    received,
    perSec: received ? round((received / (lastAt - started)) * 1000, 1) : 0,
    saturatedLatency: summarize(latencies(answeredAt, path.receiver)),
  };
}

/** The mean of the rounds where every job arrived; 0 when none did. */
function meanRate(rounds: RoundResult[]): number {
  const done = rounds.filter((r) => r.received >= r.jobs && r.jobs > 0);
  return done.length ? round(done.reduce((n, r) => n + r.perSec, 0) / done.length, 1) : 0;
}

/** Even calls start a webhook, odd ones a task, on one schedule: drift in the machine's load hits both alike. */
async function interleavedLatency(paths: Record<Kind, Path>, ratePerSec: number) {
  const answeredAt: Record<Kind, Map<string, number>> = { webhook: new Map(), task: new Map() };
  for (const path of Object.values(paths)) path.receiver.reset();
  const kindOf = (i: number): Kind => (i % 2 === 0 ? 'webhook' : 'task');
  const run = await openLoop(async (i) => answeredAt[kindOf(i)].set(await paths[kindOf(i)].enqueue(), nowMs()), {
    ratePerSec,
    ...LATENCY,
  });
  const answered = (kind: Kind) => answeredAt[kind].size;
  await pollUntil(
    () => paths.webhook.receiver.received >= answered('webhook') && paths.task.receiver.received >= answered('task'),
    { timeoutMs: RECEIVE_WITHIN_MS },
  );
  const measured = (kind: Kind) => {
    const samples = latencies(answeredAt[kind], paths[kind].receiver);
    return { latency: summarize(samples), lost: answered(kind) - samples.length };
  };
  return {
    issued: run.issued,
    failed: run.failed,
    firstError: run.firstError,
    task: measured('task'),
    webhook: measured('webhook'),
  };
}

function latencies(answeredAt: ReadonlyMap<string, number>, receiver: BenchWebhookReceiver): number[] {
  return [...answeredAt].flatMap(([id, at]) => {
    const receivedAt = receiver.receivedAt.get(id);
    return receivedAt === undefined ? [] : [receivedAt - at];
  });
}
