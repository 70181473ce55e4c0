// B2 orchestration cost: completed email jobs/s (the real smtpSend activity into the pooled local
// SMTP sink) ÷ completed ping jobs/s: the same workflow shape (one activity, 11 history events)
// whose activity does nothing. Both are started through the API as fast as it takes them, so the
// worker and the server always have a backlog; the figure is jobs / (last close − first start).
import type { BenchContext, Phase } from '../lib/context';
import { BENCH_EMAIL, ratio } from '../lib/context';
import { closedLoop, pollUntil } from '../lib/load';
import { round } from '../lib/stats';

const JOBS_PER_ROUND = 400;
const START = { concurrency: 16, maxCount: JOBS_PER_ROUND, maxMs: 30_000 };
const COMPLETE_WITHIN_MS = 90_000;
const ORDER = ['ping', 'email', 'email', 'ping'] as const;
type Kind = (typeof ORDER)[number];

const requests: Record<Kind, { path: string; body: unknown; workflowType: string }> = {
  ping: { path: '/v1/pings', body: { message: 'bench' }, workflowType: 'ping' },
  email: { path: '/v1/emails', body: BENCH_EMAIL, workflowType: 'sendEmail' },
};

export interface RoundResult {
  jobs: number;
  completed: number;
  startsPerSec: number;
  completedPerSec: number;
}

export const b2Orchestration: Phase = {
  id: 'B2',
  title: 'Orchestration cost',
  async run(ctx) {
    const rounds: Record<Kind, RoundResult[]> = { ping: [], email: [] };
    for (const kind of ORDER) {
      const result = await runRound(ctx, kind);
      ctx.log(
        `  ${kind}: ${result.completed}/${result.jobs} completed, ${result.completedPerSec}/s (started at ${result.startsPerSec}/s)`,
      );
      rounds[kind].push(result);
    }
    const rate = (kind: Kind): number => {
      const done = rounds[kind].filter((r) => r.completed === r.jobs);
      return done.length ? round(done.reduce((n, r) => n + r.completedPerSec, 0) / done.length, 1) : 0;
    };
    const email = rate('email');
    const ping = rate('ping');
    return {
      rows: [
        {
          measure: 'completed jobs/s (email into SMTP sink ÷ no-op activity)',
          ours: `${email}/s`,
          baseline: `${ping}/s`,
          ratio: ratio(email, ping),
          target: '≥ 0.85',
          met: email / ping >= 0.85,
        },
      ],
      data: {
        jobsPerRound: JOBS_PER_ROUND,
        startConcurrency: START.concurrency,
        rounds,
        emailPerSec: email,
        pingPerSec: ping,
      },
    };
  },
};

async function runRound(ctx: BenchContext, kind: Kind): Promise<RoundResult> {
  const { path, body, workflowType } = requests[kind];
  const since = new Date().toISOString();
  const query = `TaskQueue = "${ctx.taskQueue}" AND WorkflowType = "${workflowType}" AND StartTime >= "${since}"`;
  const started = await closedLoop(() => ctx.api.post(path, body), START);
  const all = await pollUntil(
    async () => (await ctx.client.workflow.count(`${query} AND ExecutionStatus = "Completed"`)).count >= started.ok,
    {
      timeoutMs: COMPLETE_WITHIN_MS,
    },
  );
  if (!all) ctx.log(`  ${kind}: not all ${started.ok} jobs completed within ${COMPLETE_WITHIN_MS} ms`);
  let first = Infinity;
  let last = 0;
  let completed = 0;
  for await (const wf of ctx.client.workflow.list({ query: `${query} AND ExecutionStatus = "Completed"` })) {
    completed++;
    first = Math.min(first, wf.startTime.getTime());
    last = Math.max(last, wf.closeTime!.getTime());
  }
  return {
    jobs: started.ok,
    completed,
    startsPerSec: round((started.ok / started.elapsedMs) * 1000, 1),
    completedPerSec: completed ? round((completed / (last - first)) * 1000, 1) : 0,
  };
}
