import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { auditWriterId } from '../../src/audit/audit-recorder';
import { REFUSED_ACTION } from '../../workflows/record-audit-events';
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
    return {
      stack,
      goDown: async () => void locker.exec('begin exclusive'),
      comeBack: async () => void locker.exec('rollback'),
    };
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
          ids.slice(start, start + 20).map((id, i) =>
            stack.api.request('POST', '/v1/audit-events', {
              id,
              actor: `user-${i}`,
              action: 'file.downloaded',
              resource: `file:${id}`,
            }),
          ),
        );
        statuses.push(...answers.map((a) => a.status));
      }
      assert.deepEqual(
        statuses,
        ids.map(() => 202),
        'Temporal accepts every event while the database is down',
      );

      // Both writers have tried, failed, and are retrying: the outage is real, not a race we won.
      await waitFor(async () => (await insertAttempt(stack, 0)) >= 2 && (await insertAttempt(stack, 1)) >= 2, {
        timeoutMs: 15_000,
        what: 'both writers to retry their insert',
      });
      await comeBack();

      await stack.waitForEvents(200, 60_000);
      const { events } = await stack.store.audit.list({ limit: 1000 });
      assert.deepEqual(events.map((e) => e.id).sort(), [...ids].sort(), 'each event once, none missing');
      assert.deepEqual(await stack.store.audit.verify().then(({ intact, count }) => ({ intact, count })), {
        intact: true,
        count: 200,
      });
    });

    it('records the first of two events sent under one id before either was recorded, and reports the other as refused', async (t) => {
      const { stack, goDown, comeBack } = await stackWithOutage(t, dialect);
      await goDown();
      // Nothing is recorded while the database is away, so the API cannot know the id is taken.
      const first = { id: 'raced', actor: 'user-1', action: 'file.deleted', resource: 'file:1' };
      const second = { ...first, actor: 'user-2', detail: { note: 'another event' } };
      const retried = { id: 'retried', actor: 'user-3', action: 'file.read', resource: 'file:2' };
      const answers = [];
      for (const body of [first, retried, second, retried])
        answers.push(await stack.api.request('POST', '/v1/audit-events', body));
      assert.deepEqual(
        answers.map((a) => a.status),
        [202, 202, 202, 202],
      );
      assert.notEqual(answers[3]!.body.at, answers[1]!.body.at, 'a retry without at gets a time of its own');
      await comeBack();

      await stack.drain();
      const { events } = await stack.store.audit.list({ limit: 1000 });
      assert.deepEqual(
        events.filter((e) => e.id === 'raced').map((e) => e.actor),
        ['user-1'],
        'the first event under an id wins',
      );
      assert.deepEqual(
        events.filter((e) => e.id === 'retried').map((e) => e.at),
        [answers[1]!.body.at],
        'a retry is one row, not a refusal',
      );
      const refusals = events.filter((e) => e.action === REFUSED_ACTION);
      assert.deepEqual(
        refusals.map((e) => [e.actor, e.resource]),
        [['afterward', 'audit-event:raced']],
      );
      assert.deepEqual((refusals[0]!.detail as any).event, { ...second, at: answers[2]!.body.at });
      assert.equal((await stack.store.audit.verify()).intact, true);

      const now = await stack.api.request('POST', '/v1/audit-events', second);
      assert.equal(now.status, 409, 'once the first is recorded, the API refuses the other at once');
    });
  });
}
