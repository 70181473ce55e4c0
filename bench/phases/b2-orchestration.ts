// B2 orchestration cost: completed email jobs/s (the real smtpSend into the pooled local SMTP sink), by
// default (EMAIL_FIRST_ATTEMPT=local: the first attempt a local activity, one workflow task per job) ÷ the same
// with EMAIL_FIRST_ATTEMPT=activity (the path before it: two workflow tasks and an activity task per job); and
// ÷ completed ping jobs/s (one no-op activity: the shape every email had before). All started through the API as
// fast as it takes them, so the worker and the server always have a backlog; the figure is jobs / (last close −
// first start).
import type { BenchContext, Phase } from '../lib/context';
import { BENCH_EMAIL, ratio } from '../lib/context';
import { closedLoop, pollUntil } from '../lib/load';
import { round } from '../lib/stats';

const JOBS_PER_ROUND = 400;
const START = { concurrency: 16, maxCount: JOBS_PER_ROUND, maxMs: 30_000 };
const COMPLETE_WITHIN_MS = 90_000;
type Kind = 'ping' | 'email';
type FirstAttempt = 'local' | 'activity';
/** Balanced, so drift in the machine's load hits every side alike; one restart each way between the settings. */
const ORDER: [Kind, FirstAttempt][] = [
  ['ping', 'local'],
  ['email', 'local'],
  ['email', 'activity'],
  ['email', 'activity'],
  ['email', 'local'],
  ['ping', 'local'],
];
const TARGET_LOCAL_OVER_ACTIVITY = 1.8;

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
    const rounds: Record<'ping' | 'email' | 'emailActivity', RoundResult[]> = {
      ping: [],
      email: [],
      emailActivity: [],
    };
    let current: FirstAttempt = 'local';
    for (const [kind, firstAttempt] of ORDER) {
      if (firstAttempt !== current) {
        await ctx.restartAfterward(firstAttempt === 'local' ? {} : { env: { EMAIL_FIRST_ATTEMPT: firstAttempt } });
        current = firstAttempt;
      }
      const result = await runRound(ctx, kind);
      const name = kind === 'email' && firstAttempt === 'activity' ? 'emailActivity' : kind;
      ctx.log(
        `  ${name}: ${result.completed}/${result.jobs} completed, ${result.completedPerSec}/s (started at ${result.startsPerSec}/s)`,
      );
      rounds[name].push(result);
    }
    const rate = (name: keyof typeof rounds): number => {
      const done = rounds[name].filter((r) => r.completed === r.jobs);
      return done.length ? round(done.reduce((n, r) => n + r.completedPerSec, 0) / done.length, 1) : 0;
    };
    const email = rate('email');
    const emailActivity = rate('emailActivity');
    const ping = rate('ping');
    return {
      rows: [
        {
          measure: 'completed email jobs/s, first attempt local (default) ÷ every attempt an activity',
          ours: `${email}/s`,
          baseline: `${emailActivity}/s`,
          ratio: ratio(email, emailActivity),
          target: `≥ ${TARGET_LOCAL_OVER_ACTIVITY}`,
          met: email / emailActivity >= TARGET_LOCAL_OVER_ACTIVITY,
        },
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
        order: ORDER,
        rounds,
        emailPerSec: email,
        emailActivityPerSec: emailActivity,
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
