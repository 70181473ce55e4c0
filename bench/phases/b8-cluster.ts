// B8 production topology: completed email jobs/s with Afterward deployed as production runs it (one api
// process, 1 or 2 worker processes, a PostgreSQL store), on a real Temporal cluster (temporal-server on
// PostgreSQL, test/cluster) and on the run's dev server, side by side. Each round is a fresh deployment
// on its own task queue; EMAILS go in through POST /v1/emails (16 concurrent callers) and the figure is
// EMAILS / (last 250 at the sink − first POST). CPU per process over each round says what bounds it.
import { ulid } from 'ulid';
import { type TestPostgres, createTestDatabase, startTestPostgres } from '../../test/helpers/postgres';
import { startDeployment } from '../../test/cluster/deployment';
import { type TestCluster, startTestCluster } from '../../test/cluster/test-cluster';
import { BENCH_EMAIL, type BenchContext, type Phase, type Row, createApiClient, ratio } from '../lib/context';
import { machineCpuSeconds, processCpuSeconds, processTreeCpuSeconds } from '../lib/cpu';
import { pidListeningOn } from '../lib/listening-pid';
import { closedLoop, pollUntil } from '../lib/load';
import { nowMs, round } from '../lib/stats';

const EMAILS = 400;
const START = { concurrency: 16, maxCount: EMAILS, maxMs: 60_000 };
const RECEIVE_WITHIN_MS = 120_000;
const SETUPS = {
  'dev server, 1 worker': { server: 'dev', workers: 1 },
  'cluster, 1 worker': { server: 'cluster', workers: 1 },
  'cluster, 2 workers': { server: 'cluster', workers: 2 },
  'dev server, 2 workers': { server: 'dev', workers: 2 },
} as const;
type Setup = keyof typeof SETUPS;
const ORDER: Setup[] = [
  'dev server, 1 worker',
  'cluster, 1 worker',
  'cluster, 2 workers',
  'dev server, 2 workers',
  'dev server, 2 workers',
  'cluster, 2 workers',
  'cluster, 1 worker',
  'dev server, 1 worker',
];

interface CpuSeconds {
  server: number;
  postgres: number;
  api: number;
  workers: number;
  /** The bench process (the load and the SMTP sink). */
  bench: number;
  /** Everything else on the machine: other work competing for the two cores. */
  others: number;
}

interface RoundResult {
  jobs: number;
  received: number;
  jobsPerSec: number;
  seconds: number;
  cpu: CpuSeconds;
}

interface Servers {
  cluster: TestCluster;
  postgres: TestPostgres;
  /** The pids of the two Temporal servers and of the PostgreSQL server (its postmaster). */
  pids: { dev: number; cluster: number; postgres: number };
}

export const b8Cluster: Phase = {
  id: 'B8',
  title: 'Production topology',
  async run(ctx) {
    const postgres = await startTestPostgres();
    const cluster = await startTestCluster({ postgresUrl: postgres.url, log: (line) => ctx.log(`  ${line}`) });
    try {
      const pid = (address: string) => {
        const found = pidListeningOn(Number(new URL(`tcp://${address}`).port));
        if (found === undefined) throw new Error(`no process listens on ${address}`);
        return found;
      };
      const servers: Servers = {
        cluster,
        postgres,
        pids: {
          dev: pid(ctx.temporalAddress),
          cluster: pid(cluster.address),
          postgres: pid(new URL(postgres.url).host),
        },
      };
      const rounds = Object.fromEntries(Object.keys(SETUPS).map((s) => [s, []])) as unknown as Record<
        Setup,
        RoundResult[]
      >;
      for (const setup of ORDER) {
        const result = await runRound(ctx, servers, setup);
        ctx.log(
          `  ${setup}: ${result.received}/${result.jobs} received, ${result.jobsPerSec}/s; CPU s: ${JSON.stringify(result.cpu)}`,
        );
        rounds[setup].push(result);
      }
      return report(rounds);
    } finally {
      await cluster.stop();
      await postgres.stop();
    }
  },
};

async function runRound(ctx: BenchContext, servers: Servers, setup: Setup): Promise<RoundResult> {
  const { server, workers } = SETUPS[setup];
  const deployment = await startDeployment({
    address: server === 'dev' ? ctx.temporalAddress : servers.cluster.address,
    namespace: server === 'dev' ? 'default' : servers.cluster.namespace,
    databaseUrl: await createTestDatabase(servers.postgres.url),
    workers,
    env: { TEMPORAL_TASK_QUEUE: `bench-b8-${ulid().toLowerCase()}`, SMTP_URL: ctx.sink.url },
  });
  const api = createApiClient(deployment.apiUrl, deployment.apiKey);
  const cpuNow = (): CpuSeconds => {
    const ours = {
      server: processCpuSeconds(servers.pids[server]),
      postgres: processTreeCpuSeconds(servers.pids.postgres),
      api: processCpuSeconds(deployment.api.child.pid!),
      workers: deployment.workers.reduce((sum, w) => sum + processCpuSeconds(w.child.pid!), 0),
      bench: processCpuSeconds(process.pid),
    };
    const total = Object.values(ours).reduce((a, b) => a + b, 0);
    return { ...ours, others: machineCpuSeconds().busy - total };
  };
  try {
    ctx.sink.reset();
    const before = cpuNow();
    const firstPost = nowMs();
    const started = await closedLoop(() => api.post('/v1/emails', BENCH_EMAIL), START);
    if (started.failed) ctx.log(`  ${setup}: ${started.failed} POSTs failed (${started.firstError})`);
    const all = await pollUntil(() => ctx.sink.accepted >= started.ok, { timeoutMs: RECEIVE_WITHIN_MS });
    if (!all) ctx.log(`  ${setup}: not all ${started.ok} emails received within ${RECEIVE_WITHIN_MS} ms`);
    const after = cpuNow();
    const seconds = (Math.max(...ctx.sink.repliedAt.values()) - firstPost) / 1000;
    const spent = (key: keyof CpuSeconds) => round(after[key] - before[key], 1);
    return {
      jobs: started.ok,
      received: ctx.sink.accepted,
      jobsPerSec: all ? round(started.ok / seconds, 1) : 0,
      seconds: round(seconds, 1),
      cpu: Object.fromEntries(
        (Object.keys(before) as (keyof CpuSeconds)[]).map((key) => [key, spent(key)]),
      ) as unknown as CpuSeconds,
    };
  } finally {
    await api.close();
    await deployment.stop();
  }
}

function report(rounds: Record<Setup, RoundResult[]>) {
  const rate = (setup: Setup): number => {
    const done = rounds[setup].filter((r) => r.jobsPerSec > 0);
    return done.length ? round(done.reduce((n, r) => n + r.jobsPerSec, 0) / done.length, 1) : 0;
  };
  const compare = (measure: string, ours: Setup, baseline: Setup): Row => ({
    measure,
    ours: `${rate(ours)}/s`,
    baseline: `${rate(baseline)}/s`,
    ratio: ratio(rate(ours), rate(baseline)),
    target: '',
  });
  /** CPU seconds per 100 jobs, per process, over a setup's rounds; and how many cores ours and others kept busy. */
  const cpuRow = (setup: Setup): Row => {
    const sum = (key: keyof CpuSeconds) => rounds[setup].reduce((n, r) => n + r.cpu[key], 0);
    const jobs = rounds[setup].reduce((n, r) => n + r.jobs, 0);
    const seconds = rounds[setup].reduce((n, r) => n + r.seconds, 0);
    const processes = ['server', 'postgres', 'api', 'workers'] as const;
    const ours = processes.reduce((n, key) => n + sum(key), 0);
    return {
      measure: `${setup}: CPU s per 100 jobs, server / PostgreSQL / api / workers (cores busy: these, others)`,
      ours: `${processes.map((key) => round((sum(key) / jobs) * 100, 2)).join(' / ')} (${round(ours / seconds, 2)}, ${round(sum('others') / seconds, 2)})`,
      baseline: '',
      ratio: '',
      target: '',
    };
  };
  return {
    rows: [
      compare('email jobs/s, cluster: 2 worker processes ÷ 1', 'cluster, 2 workers', 'cluster, 1 worker'),
      compare('email jobs/s, dev server: 2 worker processes ÷ 1', 'dev server, 2 workers', 'dev server, 1 worker'),
      compare('email jobs/s, 1 worker process: cluster ÷ dev server', 'cluster, 1 worker', 'dev server, 1 worker'),
      compare('email jobs/s, 2 worker processes: cluster ÷ dev server', 'cluster, 2 workers', 'dev server, 2 workers'),
      ...(Object.keys(SETUPS) as Setup[]).map(cpuRow),
    ],
    data: { emailsPerRound: EMAILS, startConcurrency: START.concurrency, order: ORDER, rounds },
  };
}
