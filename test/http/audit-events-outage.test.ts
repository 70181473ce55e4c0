import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { auditWriterId } from '../../src/audit/audit-recorder';
import { type AuditStack, DIALECTS, type Dialect, startAuditStack } from '../helpers/audit-stack';
import { startTestPostgres } from '../helpers/postgres';
import { waitFor } from '../helpers/wait-for';

interface Outage {
  stack: AuditStack;
  goDown(): Promise<void>;
  comeBack(): Promise<void>;
}

async function stackWithOutage(t: TestContext, dialect: Dialect): Promise<Outage> {
  const name = `audit-outage-${dialect.toLowerCase()}`;
  const options = { audit: { writerShards: 2 } };
  if (dialect === 'SQLite') {
    const dir = mkdtempSync(join(tmpdir(), 'afterward-outage-'));
    const file = join(dir, 'audit.db');
    const stack = await startAuditStack(name, dialect, { ...options, databaseUrl: file });
    // Another connection holding the write lock: every insert waits busy_timeout, then fails.
    const locker = new SqliteDatabase(file);
    t.after(async () => {
      locker.close();
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return { stack, goDown: async () => void locker.exec('begin exclusive'), comeBack: async () => void locker.exec('rollback') };
  }
  // A server of its own, so stopping it leaves the run's shared one alone.
  const server = await startTestPostgres();
  const stack = await startAuditStack(name, dialect, { ...options, databaseUrl: server.url });
  t.after(async () => {
    await stack.close();
    await server.stop();
  });
  return { stack, goDown: () => server.pause(), comeBack: () => server.resume() };
}

/** The attempt number of a writer's running insert, 0 when none is running. */
async function insertAttempt(stack: AuditStack, shard: number): Promise<number> {
  const description = await stack.env.client.workflow.getHandle(auditWriterId(stack.taskQueue, shard)).describe();
  return description.raw.pendingActivities?.[0]?.attempt ?? 0;
}

for (const dialect of DIALECTS) {
  describe(`the audit log on ${dialect} while the database is away`, () => {
    it('accepts 200 events during the outage and records each once when the database is back', async (t) => {
      const { stack, goDown, comeBack } = await stackWithOutage(t, dialect);
      await goDown();

      const ids = Array.from({ length: 200 }, (_, i) => `outage-${i}`);
      const statuses: number[] = [];
      for (let start = 0; start < ids.length; start += 20) {
        const answers = await Promise.all(
          ids.slice(start, start + 20).map((id, i) => stack.api.request('POST', '/v1/audit-events', { id, actor: `user-${i}`, action: 'file.downloaded', resource: `file:${id}` })),
        );
        statuses.push(...answers.map((a) => a.status));
      }
      assert.deepEqual(statuses, ids.map(() => 202), 'Temporal accepts every event while the database is down');

      // Both writers have tried, failed, and are retrying: the outage is real, not a race we won.
      await waitFor(async () => (await insertAttempt(stack, 0)) >= 2 && (await insertAttempt(stack, 1)) >= 2, { timeoutMs: 15_000, what: 'both writers to retry their insert' });
      await comeBack();

      await stack.waitForEvents(200, 60_000);
      const { events } = await stack.store.audit.list({ limit: 1000 });
      assert.deepEqual(events.map((e) => e.id).sort(), [...ids].sort(), 'each event once, none missing');
      assert.deepEqual(await stack.store.audit.verify().then(({ intact, count }) => ({ intact, count })), { intact: true, count: 200 });
    });
  });
}
