import type { Client } from '@temporalio/client';
import { Gauge, type Registry } from 'prom-client';
import type { AuditRecorder } from '../audit/audit-recorder';
import { writerBacklog } from '../audit/writer-backlog';

type WriterBacklog = Awaited<ReturnType<typeof writerBacklog>>;
import { scrapeCache } from './scrape-cache';

/**
 * The audit writers' backlog: events this API process has not yet handed to a writer, and each writer's history
 * (it grows while the database is away and the writer cannot insert; past the limits, POST /v1/audit-events answers 503).
 */
export function registerAuditMetrics(registry: Registry, client: Client, recorder: AuditRecorder): void {
  const registers = [registry];
  new Gauge({
    name: 'afterward_audit_queue_events',
    help: 'Audit events accepted by this API process and not yet persisted in a writer workflow',
    registers,
    collect() {
      this.set(recorder.pendingEvents());
    },
  });
  const read = scrapeCache(
    () =>
      Promise.all(recorder.writerIds.map(async (id, shard) => ({ shard, backlog: await writerBacklog(client, id) }))),
    { maxAgeMs: 5_000, timeoutMs: 5_000 },
  );
  // Each from the same read: the registry collects its metrics concurrently.
  const writerGauge = (name: string, help: string, value: (b: WriterBacklog | undefined) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['shard'] as const,
      registers,
      async collect() {
        const writers = await read();
        if (!writers) return;
        // A writer not running (idle, or not started yet) has no backlog.
        for (const { shard, backlog } of writers) this.set({ shard: String(shard) }, value(backlog));
      },
    });
  writerGauge(
    'afterward_audit_writer_history_events',
    "Events in each running audit writer's history (a backlog grows it while the database is away)",
    (b) => b?.historyLength ?? 0,
  );
  writerGauge(
    'afterward_audit_writer_history_bytes',
    "Bytes of each running audit writer's history",
    (b) => b?.historyBytes ?? 0,
  );
  writerGauge(
    'afterward_audit_writer_backlogged',
    'Whether an audit writer is backlogged (1: new events to its shard are refused with 503)',
    (b) => (b?.backlogged ? 1 : 0),
  );
}
