import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { AuditEventInput } from '../../activities/audit-log';
import type { Store } from '../../src/store/open-store';
import {
  REFUSED_ACTION,
  type RecordAuditEventsInput,
  auditEventsSignal,
  recordAuditEvents,
} from '../../workflows/record-audit-events';
import { createAuditActivities } from '../../activities/audit-log';
import { openTestStore } from '../helpers/audit-stack';
import { connectTestEnv, createTestWorker, uniqueTaskQueue } from '../helpers/temporal';
import { waitFor } from '../helpers/wait-for';

const event = (id: string, extra: Partial<AuditEventInput> = {}): AuditEventInput => ({
  id,
  actor: 'user-1',
  action: 'thing.done',
  resource: `thing:${id}`,
  at: '2025-01-01T00:00:00.000Z',
  ...extra,
});

describe('the recordAuditEvents writer workflow', () => {
  let env: TestWorkflowEnvironment;
  let store: Store;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = uniqueTaskQueue('audit-writer');

  before(async () => {
    env = await connectTestEnv();
    store = await openTestStore('SQLite');
    worker = await createTestWorker(env, { taskQueue, activities: createAuditActivities({ store: store.audit }) });
    running = worker.run();
  });
  after(async () => {
    worker.shutdown();
    await running;
    await store.close();
    await env.teardown();
  });

  const send = (workflowId: string, events: AuditEventInput[], input: RecordAuditEventsInput = {}) =>
    env.client.workflow.signalWithStart(recordAuditEvents, {
      workflowId,
      taskQueue,
      args: [input],
      signal: auditEventsSignal,
      signalArgs: [events],
    });

  it('continues as new as its history grows and records every event once', async () => {
    const workflowId = `writer-${randomUUID()}`;
    const ids = Array.from({ length: 150 }, (_, i) => `can-${i}`);
    for (let start = 0; start < ids.length; start += 10) {
      await Promise.all(
        ids.slice(start, start + 10).map((id) => send(workflowId, [event(id)], { maxHistoryLength: 40 })),
      );
    }
    await waitFor(
      async () =>
        (await store.audit.list({ action: 'thing.done', limit: 1000 })).events.filter((e) => e.id.startsWith('can-'))
          .length === 150,
      { what: '150 events recorded' },
    );
    const { events } = await store.audit.list({ limit: 1000 });
    assert.deepEqual(
      events
        .filter((e) => e.id.startsWith('can-'))
        .map((e) => e.id)
        .sort(),
      [...ids].sort(),
    );
    const { raw } = await env.client.workflow.getHandle(workflowId).describe();
    assert.notEqual(
      raw.workflowExecutionInfo?.execution?.runId,
      raw.workflowExecutionInfo?.firstRunId,
      'the writer continued as new',
    );
    assert.equal((await store.audit.verify()).intact, true);
  });

  it('refuses only an event whose id is recorded with other content, records the rest, and goes idle', async () => {
    await store.audit.append([event('taken', { actor: 'first-writer' })]);
    const workflowId = `writer-${randomUUID()}`;
    const batch = ['ok-1', 'ok-2', 'taken', 'ok-3', 'ok-4', 'ok-5'].map((id) => event(id));
    const handle = await send(workflowId, batch, { idleTimeoutMs: 300 });
    assert.deepEqual(await handle.result(), { recorded: 5, duplicates: 0, refused: 1 });
    const { events } = await store.audit.list({ limit: 1000 });
    assert.equal(events.find((e) => e.id === 'taken')?.actor, 'first-writer', 'the first event under an id wins');
    assert.deepEqual(
      events
        .filter((e) => e.id.startsWith('ok-'))
        .map((e) => e.id)
        .sort(),
      ['ok-1', 'ok-2', 'ok-3', 'ok-4', 'ok-5'],
    );
    const refusal = events.find((e) => e.action === REFUSED_ACTION && e.resource === 'audit-event:taken');
    assert.equal(
      (refusal?.detail as any)?.event.actor,
      'user-1',
      'the refusal is in the log, with the refused content',
    );

    // Idle and closed: the next event starts a new run under the same id.
    const next = await send(workflowId, [event('ok-6'), event('ok-1')], { idleTimeoutMs: 300 });
    assert.notEqual(next.signaledRunId, handle.signaledRunId);
    assert.deepEqual(await next.result(), { recorded: 1, duplicates: 1, refused: 0 });
  });

  it('refuses the later of two events sent under one id in one run and records the refusal with its content; copies land once', async () => {
    const workflowId = `writer-${randomUUID()}`;
    const first = event('racing', { actor: 'first' });
    const second = event('racing', { actor: 'second', detail: { why: 'other content' } });
    const retried = event('retried');
    const retriedLater = { ...retried, at: '2025-02-02T00:00:00.000Z', atDefaulted: true };
    const handle = await send(workflowId, [first, retried, { ...retried }, retriedLater, second], {
      idleTimeoutMs: 300,
    });
    assert.deepEqual(
      await handle.result(),
      { recorded: 2, duplicates: 2, refused: 1 },
      'copies, with the same at or one the API filled in, are duplicates',
    );

    const { events } = await store.audit.list({ limit: 1000 });
    assert.equal(events.find((e) => e.id === 'racing')?.actor, 'first', 'the first event under an id wins');
    assert.deepEqual(
      events.filter((e) => e.id === 'retried').map((e) => e.at),
      [retried.at],
    );
    const refusals = events.filter((e) => e.action === REFUSED_ACTION && e.resource === 'audit-event:racing');
    assert.equal(refusals.length, 1);
    assert.deepEqual([refusals[0]!.actor, refusals[0]!.resource], ['afterward', 'audit-event:racing']);
    assert.deepEqual((refusals[0]!.detail as any).event, second, 'the refused content is kept');
    assert.match((refusals[0]!.detail as any).reason, /different content: "racing"/);
  });

  it('keeps recording after a cancellation request: accepted events must land', async () => {
    const workflowId = `writer-${randomUUID()}`;
    const handle = await send(workflowId, [event('kept-1')], { idleTimeoutMs: 2000 });
    await handle.cancel();
    await send(workflowId, [event('kept-2')], { idleTimeoutMs: 2000 });
    assert.deepEqual(await handle.result(), { recorded: 2, duplicates: 0, refused: 0 });
  });
});
