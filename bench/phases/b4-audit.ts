// B4 audit durability: audit events committed/s, on SQLite (WAL, synchronous=FULL, the store's
// settings) and on PostgreSQL, ÷ what the disk commits on its own, measured by a probe in the same
// run: sequential fdatasyncs/s in the data directory for SQLite, sequential one-row commits/s for
// PostgreSQL. The ratio is events per fsync, which batching should bring near the batch size.
// The Afterward process is restarted on each store (DATABASE_URL); every event is counted once it
// is in the store, and the hash chain is verified at the end.
import path from 'node:path';
import { ulid } from 'ulid';
import type { AuditEventInput } from '../../activities/audit-log';
import { createLogger } from '../../src/logger';
import { openStore, type Store } from '../../src/store/open-store';
import { startTestPostgres } from '../../test/helpers/postgres';
import { auditEventsSignal, recordAuditEvents } from '../../workflows/record-audit-events';
import { type BenchContext, type Phase, ratio, type Row } from '../lib/context';
import { fileFsyncsPerSec, postgresCommitsPerSec } from '../lib/fsync-probe';
import { pollUntil } from '../lib/load';
import { round } from '../lib/stats';

const EVENTS = 2_000;
const BATCH = 500;
const BATCH_EVENTS = 10_000;
const CONCURRENCY = 50;
const COMMIT_WITHIN_MS = 180_000;

type Send = (events: AuditEventInput[]) => Promise<unknown>;

interface PathResult {
  path: string;
  events: number;
  committedPerSec: number;
  /** Events per fsync of the probe; the target applies to batches. */
  perFsync: number;
}

const newEvent = (i: number): AuditEventInput => ({
  id: ulid(),
  actor: `user-${i % 100}`,
  action: 'document.viewed',
  resource: `document:${i}`,
  at: new Date().toISOString(),
  detail: { ip: '192.0.2.1', agent: 'bench' },
});

export const b4Audit: Phase = {
  id: 'B4',
  title: 'Audit durability',
  async run(ctx) {
    const postgres = await startTestPostgres();
    try {
      const stores = [
        {
          name: 'SQLite',
          url: path.join(ctx.dataDir, 'b4-audit.db'),
          probe: () => Promise.resolve(fileFsyncsPerSec(ctx.dataDir)),
          probeName: 'fdatasyncs/s',
        },
        {
          name: 'PostgreSQL',
          url: postgres.url,
          probe: () => postgresCommitsPerSec(postgres.url),
          probeName: 'one-row commits/s',
        },
      ];
      const rows: Row[] = [];
      const data: Record<string, unknown> = {
        events: EVENTS,
        batch: BATCH,
        batchEvents: BATCH_EVENTS,
        concurrency: CONCURRENCY,
      };
      for (const { name, url, probe, probeName } of stores) {
        await ctx.restartAfterward({ env: { DATABASE_URL: url } });
        const fsyncs = await probe();
        const results = await benchStore(ctx, url, fsyncs);
        ctx.log(
          `  ${name}: ${fsyncs} ${probeName}; ${results.map((r) => `${r.path}: ${r.committedPerSec}/s`).join('; ')}`,
        );
        data[name] = { fsyncsPerSec: fsyncs, probe: probeName, results };
        for (const r of results) {
          const batched = r.path.includes('batch');
          rows.push({
            measure: `${name}: ${r.path}, committed/s ÷ ${probeName}`,
            ours: `${r.committedPerSec}/s`,
            baseline: `${fsyncs}/s`,
            ratio: ratio(r.committedPerSec, fsyncs),
            target: batched ? `≥ ${0.8 * BATCH} (0.8 × batch)` : '',
            ...(batched ? { met: r.perFsync >= 0.8 * BATCH } : {}),
          });
        }
      }
      await ctx.restartAfterward({});
      return { rows, data };
    } finally {
      await postgres.stop();
    }
  },
};

async function benchStore(ctx: BenchContext, url: string, fsyncsPerSec: number): Promise<PathResult[]> {
  // The bench's own connection to the store the Afterward process writes: to count, and for the store-only paths.
  const store = await openStore(url, createLogger('warn'));
  try {
    const paths: [string, Send, number, number][] = [
      ['store only, one event per transaction', (events) => store.audit.append(events), 1, EVENTS],
      [`store only, ${BATCH} per transaction`, (events) => store.audit.append(events), BATCH, BATCH_EVENTS],
      ['POST /v1/audit-events', (events) => ctx.api.post('/v1/audit-events', events[0]), 1, EVENTS],
      [
        `POST /v1/audit-events/batch, ${BATCH} per request`,
        (events) => ctx.api.post('/v1/audit-events/batch', { events }),
        BATCH,
        BATCH_EVENTS,
      ],
      [
        'one workflow per event (signal-with-start)',
        (events) =>
          ctx.client.workflow.signalWithStart(recordAuditEvents, {
            workflowId: `bench-event-${events[0]!.id}`,
            taskQueue: ctx.taskQueue,
            args: [{ idleTimeoutMs: 1000 }],
            signal: auditEventsSignal,
            signalArgs: [events],
          }),
        1,
        EVENTS / 4,
      ],
    ];
    await measure(store, paths[2]![1], 1, 100); // warm-up: writers started, code paths compiled
    const results: PathResult[] = [];
    for (const [label, send, perRequest, events] of paths) {
      const committedPerSec = await measure(store, send, perRequest, events);
      results.push({ path: label, events, committedPerSec, perFsync: round(committedPerSec / fsyncsPerSec, 2) });
    }
    const verified = await store.audit.verify();
    if (!verified.intact) throw new Error(`the audit chain is broken after B4: ${JSON.stringify(verified)}`);
    return results;
  } finally {
    await store.close();
  }
}

async function committed(store: Store): Promise<number> {
  const row = await store.database.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Sends `events` events `perRequest` at a time from CONCURRENCY loops; committed/s from the first send until all are in the store. */
async function measure(store: Store, send: Send, perRequest: number, events: number): Promise<number> {
  const before = await committed(store);
  const start = performance.now();
  let next = 0;
  const loops = Math.min(CONCURRENCY, Math.ceil(events / perRequest));
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (next < events) {
        const first = next;
        next = Math.min(events, next + perRequest);
        await send(Array.from({ length: next - first }, (_, k) => newEvent(first + k)));
      }
    }),
  );
  const all = await pollUntil(async () => (await committed(store)) >= before + events, {
    timeoutMs: COMMIT_WITHIN_MS,
    intervalMs: 20,
  });
  if (!all) throw new Error(`${events} events not committed within ${COMMIT_WITHIN_MS} ms`);
  return round((events * 1000) / (performance.now() - start), 1);
}
