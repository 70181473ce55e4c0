import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import SqliteDatabase from 'better-sqlite3';
import { type AuditEventInput, createAuditActivities } from '../../activities/audit-log';
import { type AuditStore, createAuditStore, migrateToLatest, openAuditDatabase } from '../../activities/store';
import { startTestPostgres } from '../helpers/postgres';

interface Outage {
  store: AuditStore;
  goDown(): Promise<void>;
  comeBack(): Promise<void>;
}

async function storeWithOutage(t: TestContext, dialect: 'SQLite' | 'PostgreSQL'): Promise<Outage> {
  if (dialect === 'SQLite') {
    const dir = mkdtempSync(join(tmpdir(), 'afterward-audit-'));
    const file = join(dir, 'audit.db');
    const database = openAuditDatabase(file, { busyTimeoutMs: 200 });
    await migrateToLatest(database.db);
    // Another process's connection holding the write lock: appends wait busy_timeout, then fail.
    const locker = new SqliteDatabase(file);
    t.after(() => {
      locker.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return withStore(
      t,
      database,
      async () => void locker.exec('begin exclusive'),
      async () => void locker.exec('rollback'),
    );
  }
  // Its own server, so stopping it leaves the shared one alone.
  const server = await startTestPostgres();
  t.after(() => server.stop());
  const database = openAuditDatabase(server.url, { connectTimeoutMs: 1000 });
  await migrateToLatest(database.db);
  return withStore(
    t,
    database,
    () => server.pause(),
    () => server.resume(),
  );
}

function withStore(
  t: TestContext,
  database: ReturnType<typeof openAuditDatabase>,
  goDown: () => Promise<void>,
  comeBack: () => Promise<void>,
): Outage {
  const store = createAuditStore(database);
  t.after(() => store.close());
  return { store, goDown, comeBack };
}

function batch(count: number): AuditEventInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `evt-${i}`,
    actor: 'user-1',
    action: 'outage.test',
    resource: `r-${i}`,
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, 0, i)).toISOString(),
  }));
}

function activityAttempt(attempt: number): MockActivityEnvironment {
  return new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });
}

for (const dialect of ['SQLite', 'PostgreSQL'] as const) {
  describe(`the audit activity on ${dialect} during an outage`, () => {
    it('fails with a retryable error while the database is unavailable, then records 200 events once each', async (t) => {
      const { store, goDown, comeBack } = await storeWithOutage(t, dialect);
      const { insertAuditEvents } = createAuditActivities({ store });
      const events = batch(200);
      // A first write leaves pooled connections behind, which the outage then breaks.
      assert.deepEqual(await activityAttempt(1).run(insertAuditEvents, events.slice(0, 1)), {
        inserted: 1,
        duplicates: 0,
      });

      await goDown();
      const error = await activityAttempt(2)
        .run(insertAuditEvents, events)
        .then(
          () => assert.fail('expected the append to fail'),
          (e: unknown) => e,
        );
      assert.ok(error instanceof Error);
      // The failure we provoked, not some other bug: a lock timeout, or a refused or dropped connection.
      assert.match(
        String((error as Error & { code?: unknown }).code),
        dialect === 'SQLite' ? /^SQLITE_BUSY/ : /^(ECONNREFUSED|ECONNRESET|57P01)$/,
      );
      assert.ok(!(error instanceof ApplicationFailure), `a plain error lets Temporal retry, got ${String(error)}`);

      await comeBack();
      assert.deepEqual(await activityAttempt(3).run(insertAuditEvents, events), { inserted: 199, duplicates: 1 });
      assert.deepEqual(await activityAttempt(4).run(insertAuditEvents, events), { inserted: 0, duplicates: 200 });
      assert.deepEqual(await store.verify().then(({ intact, count }) => ({ intact, count })), {
        intact: true,
        count: 200,
      });
    });
  });
}
