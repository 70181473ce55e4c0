import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { type AuditEventInput, createAuditActivities } from '../../activities/audit-log';
import { auditWriterId, createAuditRecorder } from '../../src/audit/audit-recorder';
import { AuditBacklogError } from '../../src/audit/writer-backlog';
import { fromTemporalError, HttpError } from '../../src/http/errors';
import { auditEventsSignal, recordAuditEvents } from '../../workflows/record-audit-events';
import { openTestStore } from '../helpers/audit-stack';
import { connectTestEnv, createTestWorker, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

const event = (id: string): AuditEventInput => ({
  id,
  actor: 'user-1',
  action: 'file.uploaded',
  resource: `file:${id}`,
  at: new Date().toISOString(),
});

it('refuses events while a writer is backlogged, still takes control actions, and records all it accepted once the database is back', async (t) => {
  const env = await connectTestEnv();
  const dir = mkdtempSync(join(tmpdir(), 'afterward-backlog-'));
  const file = join(dir, 'audit.db');
  const store = await openTestStore('SQLite', file);
  const taskQueue = uniqueTaskQueue('audit-backlog');
  const worker = await createTestWorker(env, { taskQueue, activities: createAuditActivities({ store: store.audit }) });
  const running = worker.run();
  const locker = new SqliteDatabase(file);
  t.after(async () => {
    locker.close();
    worker.shutdown();
    await running;
    await store.close();
    await env.teardown();
    rmSync(dir, { recursive: true, force: true });
  });
  // Tiny limits so the test reaches them in seconds; the writer continues as new at 20 events once it can insert.
  const recorder = createAuditRecorder({
    client: env.client,
    taskQueue,
    shards: 1,
    store: store.audit,
    backlog: { maxHistoryLength: 40, maxHistoryBytes: 1024 * 1024 },
  });
  const workflowId = auditWriterId(taskQueue, 0);
  await env.client.workflow.signalWithStart(recordAuditEvents, {
    workflowId,
    taskQueue,
    args: [{ maxHistoryLength: 20 }],
    signal: auditEventsSignal,
    signalArgs: [[event('first')]],
  });
  await waitFor(async () => (await store.audit.list()).events.length === 1, { what: 'the first event' });

  locker.exec('begin exclusive');
  const accepted = ['first'];
  let refused: unknown;
  for (let i = 0; i < 300 && refused === undefined; i++) {
    await recorder.record([event(`during-${i}`)]).then(
      () => accepted.push(`during-${i}`),
      (err: unknown) => (refused = err),
    );
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.ok(refused instanceof AuditBacklogError, `expected a backlog, got ${String(refused)}`);
  const answer = fromTemporalError(refused);
  assert.ok(answer instanceof HttpError);
  assert.equal(answer.status, 503);
  assert.equal(answer.extra.headers?.['Retry-After'], '30');
  const action = await recorder.recordAction({ action: 'job.cancelled', resource: 'job:during-backlog' });
  accepted.push(action.id);

  locker.exec('rollback');
  await waitFor(
    async () =>
      (await store.audit.verify()).intact &&
      (await store.audit.list({ limit: 1000 })).events.length === accepted.length,
    { timeoutMs: 60_000, what: 'every accepted event' },
  );
  assert.deepEqual((await store.audit.list({ limit: 1000 })).events.map((e) => e.id).sort(), [...accepted].sort());
  // Drained, the writer continued as new with a short history: events are taken again.
  await waitFor(() => recorder.record([event('after')]).then(() => true), {
    timeoutMs: 10_000,
    what: 'the backlog to clear',
  });
});
