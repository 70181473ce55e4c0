// `npm run bench [-- --phases B1,B3] [-- --cpu-prof]`: Afterward's benchmarks, each a ratio of our
// path over the best baseline measured side by side in the same run. Starts its own Temporal dev
// server (a SQLite file with journal_mode=wal and synchronous=normal, as `npm start` runs it), the
// Afterward process under test (API + worker) and an SMTP sink, all on loopback; runs the phases
// back to back; writes bench/results/<date>.json and .md, and the table into bench/README.md.
// Never part of `npm test`. Every phase is bounded in count and time; the whole run takes minutes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { ulid } from 'ulid';
import { resolveTemporalCli } from '../src/temporal/cli-binary';
import { startDevServer } from '../src/temporal/dev-server';
import { freePort } from '../test/helpers/free-port';
import { startAfterwardChild } from './lib/afterward-child';
import { scriptApiKey } from './lib/api-key';
import { type BenchContext, createApiClient, type Phase } from './lib/context';
import { processCpuSeconds, snapshot, usageBetween } from './lib/cpu';
import { type RunReport, markdown, writeReport } from './lib/report';
import { startBenchSmtpSink } from './lib/smtp-sink';
import { b1HttpIngress } from './phases/b1-http-ingress';
import { b2Orchestration } from './phases/b2-orchestration';
import { b3Latency } from './phases/b3-latency';
import { b4Audit } from './phases/b4-audit';
import { b5Webhooks } from './phases/b5-webhooks';
import { b6Timers } from './phases/b6-timers';
import { b7Tasks } from './phases/b7-tasks';
import { b8Cluster } from './phases/b8-cluster';
import { b9ColdStart } from './phases/b9-cold-start';
import { b10JobWait } from './phases/b10-job-wait';
import { b11JobsView } from './phases/b11-jobs-view';
import { b12TemplateRender } from './phases/b12-template-render';
import { b13EmailBatch } from './phases/b13-email-batch';
import { b14JobList } from './phases/b14-job-list';

/**
 * In order: B3 takes its arrival rate from B2, B5 compares with B2's no-op jobs. B7 measures its own webhook
 * baseline; B8 starts its own Temporal cluster and PostgreSQL beside the dev server; B9 starts processes of its own.
 */
const PHASES: Phase[] = [
  b1HttpIngress,
  b2Orchestration,
  b3Latency,
  b4Audit,
  b5Webhooks,
  b6Timers,
  b7Tasks,
  b8Cluster,
  b9ColdStart,
  b10JobWait,
  b11JobsView,
  b12TemplateRender,
  b13EmailBatch,
  b14JobList,
];
/** A run that goes past this is stuck, not slow: every phase is bounded well below it. */
const RUN_DEADLINE_MS = 30 * 60_000;

const { values: args } = parseArgs({
  options: { phases: { type: 'string' }, 'cpu-prof': { type: 'boolean', default: false } },
});
const log = (line: string): void => console.error(`[bench] ${line}`);

async function main(): Promise<void> {
  const selected = args.phases ? PHASES.filter((p) => args.phases!.split(',').includes(p.id)) : PHASES;
  if (selected.length === 0) throw new Error(`--phases names none of ${PHASES.map((p) => p.id).join(', ')}`);
  const cli = await resolveTemporalCli(log, undefined);
  if (!cli) throw new Error('no temporal CLI: run `npm run temporal:install`');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-bench-'));
  const dbFile = path.join(dir, 'temporal.db');
  const server = await startDevServer({
    binary: cli,
    port: await freePort(),
    uiPort: await freePort(),
    headless: true,
    namespace: 'default',
    dbFile,
    // Off by default on a Temporal server; on here so B3 can try it. Workers other than B3's eager one opt out.
    dynamicConfig: { 'system.enableActivityEagerExecution': true },
    log,
  });
  const connection = await Connection.connect({ address: server.address });
  const sink = await startBenchSmtpSink();
  const taskQueue = `bench-${ulid().toLowerCase()}`;
  const profileDir = path.join(__dirname, 'results', 'profiles');
  // The phases measure the path, not the per-key rate limiter: it is raised far above what they send.
  const { key: apiKey, env: apiKeyEnv } = scriptApiKey();
  const childEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    SMTP_URL: sink.url,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    AFTERWARD_DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    // B5's receiver listens on loopback, which the SSRF policy refuses by default.
    WEBHOOK_ALLOW_LIST: '127.0.0.1',
    ...apiKeyEnv,
    ...extra,
  });
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  let afterward = await startAfterwardChild({ eager: false, env: childEnv(), nodeArgs });
  let retiredAfterwardCpu = 0;
  const cpuNow = () =>
    snapshot(
      {
        temporal: processCpuSeconds(server.pid),
        afterward: retiredAfterwardCpu + processCpuSeconds(afterward.pid),
        bench: processCpuSeconds(process.pid),
      },
      os.loadavg()[0]!,
    );
  const ctx: BenchContext = {
    client: new Client({ connection }),
    temporalAddress: server.address,
    taskQueue,
    dataDir: dir,
    sink,
    afterward,
    api: createApiClient(afterward.apiUrl, apiKey),
    apiKey,
    async restartAfterward({ eager = false, env }) {
      await ctx.api.close();
      retiredAfterwardCpu += processCpuSeconds(afterward.pid);
      await afterward.stop();
      afterward = await startAfterwardChild({ eager, env: childEnv(env), nodeArgs });
      ctx.afterward = afterward;
      ctx.api = createApiClient(afterward.apiUrl, apiKey);
    },
    results: {},
    log,
  };
  const report: RunReport = { date: new Date().toISOString(), machine: describeMachine(cli), usage: {}, phases: {} };
  try {
    for (const phase of selected) {
      log(`${phase.id} ${phase.title}`);
      const before = cpuNow();
      const started = Date.now();
      try {
        const result = await phase.run(ctx);
        ctx.results[phase.id] = result;
        report.phases[phase.id] = { ...result, title: phase.title, seconds: Math.round((Date.now() - started) / 1000) };
      } catch (err) {
        log(`${phase.id} failed: ${(err as Error).stack}`);
        report.phases[phase.id] = {
          title: phase.title,
          rows: [],
          data: {},
          error: (err as Error).message,
          seconds: Math.round((Date.now() - started) / 1000),
        };
      }
      report.usage[phase.id] = usageBetween(before, cpuNow());
    }
  } finally {
    await ctx.api.close();
    await afterward.stop();
    await sink.close();
    await connection.close();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const written = writeReport(__dirname, report, { updateReadme: selected.length === PHASES.length });
  console.log(`${markdown(report)}\n`);
  log(
    `wrote ${path.relative(process.cwd(), written.json)} and ${path.relative(process.cwd(), written.md)}${args['cpu-prof'] ? `; CPU profiles of the Afterward process in ${path.relative(process.cwd(), profileDir)}` : ''}`,
  );
}

function describeMachine(cli: string): RunReport['machine'] {
  const version = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    temporal: version.replace(/^temporal version /, 'temporal CLI '),
    devServer: 'dev server on a SQLite file, --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal',
  };
}

const watchdog = setTimeout(() => {
  log(`the run passed ${RUN_DEADLINE_MS / 60_000} minutes: stopping`);
  process.exit(1);
}, RUN_DEADLINE_MS);
watchdog.unref();

main().then(
  () => process.exit(0),
  (err: Error) => {
    log(err.stack ?? err.message);
    process.exit(1);
  },
);
