// `npm run bench:audit [-- --events 2000 --concurrency 50 --shards 4]`: audit events per second, accepted (202) and
// committed (in the store), end to end on a local dev server, on SQLite and on PostgreSQL. Everything
// runs on this machine and in this process (load, API, worker), so the numbers are for comparing the
// paths with each other, measured in the same run; they are never a pass/fail gate.
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ulid } from 'ulid';
import type { AuditEventInput } from '../activities/audit-log';
import { type Config, loadConfig } from '../src/config';
import { createApp } from '../src/http/app';
import { createJobLinks } from '../src/jobs/job-links';
import { createLogger } from '../src/logger';
import { type Store, openStore } from '../src/store/open-store';
import { resolveTemporalCli } from '../src/temporal/cli-binary';
import { connectClient } from '../src/temporal/connection';
import { startDevServer } from '../src/temporal/dev-server';
import { checkReadiness } from '../src/temporal/readiness';
import { startWorker } from '../src/worker';
import { freePort } from '../test/helpers/free-port';
import { startTestPostgres } from '../test/helpers/postgres';
import { auditEventsSignal, recordAuditEvents } from '../workflows/record-audit-events';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '2000' }, concurrency: { type: 'string', default: '50' }, shards: { type: 'string', default: '' } } });
const EVENTS = Number(args.events);
const CONCURRENCY = Number(args.concurrency);
const COMMIT_DEADLINE_MS = 10 * 60_000;
const log = (line: string): void => console.error(`[bench] ${line}`);

interface Result {
  store: string;
  path: string;
  events: number;
  acceptedPerSecond: number | null;
  committedPerSecond: number;
}

type Send = (events: AuditEventInput[]) => Promise<void>;

const newEvent = (i: number): AuditEventInput => ({ id: ulid(), actor: `user-${i % 100}`, action: 'document.viewed', resource: `document:${i}`, at: new Date().toISOString(), detail: { ip: '192.0.2.1', agent: 'bench' } });

async function committed(store: Store): Promise<number> {
  const row = await store.database.db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Sends EVENTS events `perRequest` at a time from CONCURRENCY loops, then waits for all of them in the store. */
async function measure(store: Store, send: Send, perRequest = 1): Promise<{ acceptedMs: number; committedMs: number }> {
  const before = await committed(store);
  const start = performance.now();
  let next = 0;
  const loops = Math.min(CONCURRENCY, Math.ceil(EVENTS / perRequest));
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (next < EVENTS) {
        const first = next;
        next = Math.min(EVENTS, next + perRequest);
        await send(Array.from({ length: next - first }, (_, k) => newEvent(first + k)));
      }
    }),
  );
  const acceptedMs = performance.now() - start;
  while ((await committed(store)) < before + EVENTS) {
    if (performance.now() - start > COMMIT_DEADLINE_MS) throw new Error(`events not committed within ${COMMIT_DEADLINE_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { acceptedMs, committedMs: performance.now() - start };
}

async function post(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 202) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
}

async function benchStore(name: string, databaseUrl: string, address: string): Promise<Result[]> {
  const taskQueue = `bench-${name.toLowerCase()}-${ulid().toLowerCase()}`;
  const config: Config = loadConfig({ TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'warn', AUDIT_WRITER_SHARDS: args.shards });
  const logger = createLogger('warn');
  const store = await openStore(databaseUrl, logger);
  const client = await connectClient({ ...config.temporal, address });
  const worker = await startWorker(config, { address, smtpUrl: 'smtp://127.0.0.1:9', store });
  const links = createJobLinks({ publicUrl: 'http://bench', temporalUiUrl: 'http://bench', namespace: 'default' });
  // The config supplies each area's settings (audit, email, ...), as main.ts passes them.
  const app = createApp({ ...config, client, taskQueue, links, logger, readiness: () => checkReadiness(client, taskQueue, 1500), store });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/audit-events`;
  const paths: [string, Send, number?][] = [
    ['store only: one event per transaction, no Temporal', (events) => store.audit.append(events).then(() => undefined)],
    [`POST /v1/audit-events (${config.audit.writerShards} writers)`, (events) => post(api, events[0])],
    ['POST /v1/audit-events/batch, 500 per request', (events) => post(`${api}/batch`, { events }), 500],
    [
      'one workflow per event (signal-with-start, own id)',
      async (events) => {
        await client.workflow.signalWithStart(recordAuditEvents, { workflowId: `bench-event-${events[0]!.id}`, taskQueue, args: [{ idleTimeoutMs: 1000 }], signal: auditEventsSignal, signalArgs: [events] });
      },
    ],
  ];
  const results: Result[] = [];
  try {
    await measure(store, (events) => post(api, events[0])); // warm-up: bundle loaded, writers started
    for (const [label, send, perRequest] of paths) {
      log(`${name}: ${label}`);
      const { acceptedMs, committedMs } = await measure(store, send, perRequest);
      const rate = (ms: number): number => Math.round((EVENTS * 1000) / ms);
      results.push({ store: name, path: label, events: EVENTS, acceptedPerSecond: label.startsWith('store only') ? null : rate(acceptedMs), committedPerSecond: rate(committedMs) });
    }
    const verified = await store.audit.verify();
    if (!verified.intact) throw new Error(`the chain is broken after the bench: ${JSON.stringify(verified)}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await worker.close();
    await client.connection.close();
    await store.close();
  }
  return results;
}

function table(results: Result[]): string {
  const baseline = (r: Result): number => results.find((b) => b.store === r.store && b.path.startsWith('store only'))!.committedPerSecond;
  const rows = results.map((r) => `| ${r.store} | ${r.path} | ${r.acceptedPerSecond ?? '—'} | ${r.committedPerSecond} | ${(r.committedPerSecond / baseline(r)).toFixed(2)} |`);
  return ['| store | path | accepted/s | committed/s | vs store only |', '|---|---|---:|---:|---:|', ...rows].join('\n');
}

async function main(): Promise<void> {
  // Exit hooks stop the dev server and PostgreSQL; Ctrl-C would skip them otherwise.
  process.once('SIGINT', () => process.exit(130));
  const loadBefore = os.loadavg()[0]!.toFixed(2);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cli = await resolveTemporalCli(log, undefined);
  if (!cli) throw new Error('no temporal CLI: run `npm run temporal:install`');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-bench-'));
  // On disk, as the embedded default runs (WAL), not in memory.
  const server = await startDevServer({ binary: cli, port: await freePort(), uiPort: await freePort(), headless: true, namespace: 'default', dbFile: path.join(dir, 'temporal.db'), log });
  const postgres = await startTestPostgres();
  try {
    const results = [...(await benchStore('SQLite', path.join(dir, 'audit.db'), server.address)), ...(await benchStore('PostgreSQL', postgres.url, server.address))];
    const load = `load average (1 min) ${loadBefore} → ${os.loadavg()[0]!.toFixed(2)}`;
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${load}`;
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'results', 'audit.json'), `${JSON.stringify({ at: new Date().toISOString(), machine, events: EVENTS, concurrency: CONCURRENCY, results }, null, 2)}\n`);
    console.log(`${EVENTS} events per path, ${CONCURRENCY} concurrent requests; ${machine}\n\n${table(results)}`);
  } finally {
    await postgres.stop();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`[bench] ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
