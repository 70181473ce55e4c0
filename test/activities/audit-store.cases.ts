import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/activity';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { type AuditEventInput, createAuditActivities } from '../../activities/audit-log';
import { type AuditStore, InvalidAuditEventError, migrateToLatest } from '../../activities/store';
import { AUDIT_EVENT_CONFLICT } from '../../workflows/shared/failure-types';
import { type Dialect, openAuditStore } from '../helpers/audit-stack';

function event(n: number, overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    id: `evt-${n}`,
    actor: 'user-1',
    action: 'invoice.paid',
    resource: `invoice-${n}`,
    at: `2025-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`,
    detail: { n },
    ...overrides,
  };
}

// Expected failures would otherwise be logged as warnings by the mock environment.
function activityAttempt(attempt = 1): MockActivityEnvironment {
  return new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });
}

async function storedIds(store: AuditStore): Promise<string[]> {
  return (await store.list({ limit: 1000 })).events.map((stored) => stored.id);
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('expected the call to fail'),
    (error: unknown) => error,
  );
}

/** Its cases on one database; test/activities/stores-on-{sqlite,postgres} run them on each. */
export function describeAuditStore(dialect: Dialect): void {
  describe(`the audit store on ${dialect}`, () => {
    it('records appended events and lists them newest first with their content', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      const outcomes = await store.append([
        event(1),
        event(2, { detail: { nested: { b: 1, a: [true, null] } } }),
        event(3, { detail: undefined }),
      ]);
      assert.deepEqual(outcomes, [
        { id: 'evt-1', outcome: 'inserted', seq: 1 },
        { id: 'evt-2', outcome: 'inserted', seq: 2 },
        { id: 'evt-3', outcome: 'inserted', seq: 3 },
      ]);
      const { events, nextCursor } = await store.list();
      assert.deepEqual(
        events.map((stored) => [stored.seq, stored.id]),
        [
          [3, 'evt-3'],
          [2, 'evt-2'],
          [1, 'evt-1'],
        ],
      );
      assert.deepEqual(events[1]?.detail, { nested: { a: [true, null], b: 1 } });
      assert.equal(events[0]?.detail, null);
      assert.equal(events[2]?.at, '2025-01-01T00:00:01.000Z');
      assert.equal(nextCursor, null);
    });

    it('stores an event sent twice as one row and reports the second as a duplicate', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      await store.append([event(1)]);
      const outcomes = await store.append([event(1), event(2), event(2)]);
      assert.deepEqual(
        outcomes.map((outcome) => outcome.outcome),
        ['duplicate', 'inserted', 'duplicate'],
      );
      assert.deepEqual(await storedIds(store), ['evt-2', 'evt-1']);
    });

    it('treats the same instant in another zone and detail keys in another order as the same event', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      await store.append([event(1, { at: '2025-01-01T00:00:01Z', detail: { a: 1, b: 2 } })]);
      const [outcome] = await store.append([event(1, { at: '2025-01-01T01:00:01.000+01:00', detail: { b: 2, a: 1 } })]);
      assert.equal(outcome?.outcome, 'duplicate');
    });

    it('reports an id reused with other content as a conflict, keeps the original and still records the rest', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      await store.append([event(1)]);
      const outcomes = await store.append([event(1, { actor: 'mallory' }), event(2)]);
      assert.deepEqual(outcomes, [
        { id: 'evt-1', outcome: 'conflict', seq: 1 },
        { id: 'evt-2', outcome: 'inserted', seq: 2 },
      ]);
      const { events } = await store.list();
      assert.equal(events.find((stored) => stored.id === 'evt-1')?.actor, 'user-1');
      assert.deepEqual(await store.verify().then(({ intact, count }) => ({ intact, count })), {
        intact: true,
        count: 2,
      });
    });

    it('takes an event whose at the API filled in as the stored event whatever its at, and keeps the first at', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      await store.append([event(1)]);
      const retried = event(1, { at: '2025-06-01T00:00:00.000Z', atDefaulted: true });
      assert.deepEqual(
        (await store.append([retried, event(2), event(2, { at: '2025-06-01T00:00:00.000Z', atDefaulted: true })])).map(
          (o) => o.outcome,
        ),
        ['duplicate', 'inserted', 'duplicate'],
      );
      const [explicit] = await store.append([event(1, { at: '2025-06-01T00:00:00.000Z' })]);
      assert.equal(explicit?.outcome, 'conflict', 'an at the sender gave is part of the event');
      const [other] = await store.append([event(1, { actor: 'mallory', atDefaulted: true })]);
      assert.equal(other?.outcome, 'conflict');
      assert.deepEqual(
        (await store.list()).events.map((e) => [e.id, e.at]),
        [
          ['evt-2', '2025-01-01T00:00:02.000Z'],
          ['evt-1', '2025-01-01T00:00:01.000Z'],
        ],
      );
    });

    it('looks events up as an append would judge them, without writing', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      await store.append([event(1), event(2)]);
      const ids = Array.from({ length: 600 }, (_, k) => event(k + 3));
      const matches = await store.lookUp([
        event(1, { at: '2025-06-01T00:00:00Z', atDefaulted: true }),
        event(2, { detail: { n: 'other' } }),
        ...ids,
        event(1),
      ]);
      assert.deepEqual(matches.slice(0, 2), [
        { id: 'evt-1', outcome: 'duplicate', at: '2025-01-01T00:00:01.000Z' },
        { id: 'evt-2', outcome: 'conflict', at: '2025-01-01T00:00:02.000Z' },
      ]);
      assert.deepEqual(
        matches.slice(2, -1),
        ids.map(({ id }) => ({ id, outcome: 'absent' })),
        'more ids than one read holds',
      );
      assert.deepEqual(matches.at(-1), { id: 'evt-1', outcome: 'duplicate', at: '2025-01-01T00:00:01.000Z' });
      assert.deepEqual(await storedIds(store), ['evt-2', 'evt-1']);
    });

    it('rejects a timestamp without a time zone before writing anything', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      await assert.rejects(store.append([event(1), event(2, { at: '2025-01-01T00:00:00' })]), InvalidAuditEventError);
      assert.deepEqual(await storedIds(store), []);
    });

    it('applies each migration once, so migrating again changes nothing', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append([event(1)]);
      assert.deepEqual(await migrateToLatest(database.db), []);
      assert.deepEqual(await storedIds(store), ['evt-1']);
    });

    it('inserts each event once when the activity is retried after its insert succeeded', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      const { insertAuditEvents } = createAuditActivities({ store });
      const batch = [event(1), event(2), event(3)];
      assert.deepEqual(await activityAttempt().run(insertAuditEvents, batch), { inserted: 3, duplicates: 0 });
      assert.deepEqual(await activityAttempt(2).run(insertAuditEvents, batch), { inserted: 0, duplicates: 3 });
      assert.deepEqual(await storedIds(store), ['evt-3', 'evt-2', 'evt-1']);
      assert.deepEqual(await store.verify().then(({ intact, count }) => ({ intact, count })), {
        intact: true,
        count: 3,
      });
    });

    it('fails a batch with a conflicting id without retry and records none of it', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      const { insertAuditEvents } = createAuditActivities({ store });
      await activityAttempt().run(insertAuditEvents, [event(1)]);
      const error = await failureOf(
        activityAttempt().run(insertAuditEvents, [event(2), event(1, { action: 'invoice.voided' })]),
      );
      assert.ok(error instanceof ApplicationFailure, `expected an ApplicationFailure, got ${String(error)}`);
      assert.equal(error.type, AUDIT_EVENT_CONFLICT);
      assert.equal(error.nonRetryable, true);
      assert.match(error.message, /"evt-1"/);
      assert.deepEqual(await storedIds(store), ['evt-1']);
    });

    it('records batches of every size once each, in order, with the stored ids among them as duplicates', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      let count = 0;
      const fresh = (size: number) => Array.from({ length: size }, () => event(++count));
      // Statements of one shape run again with other values; 700 ids are read in two statements.
      for (const size of [1, 1, 200, 200, 201, 3, 700]) {
        const first = count + 1;
        const outcomes = await store.append(fresh(size));
        assert.deepEqual(
          outcomes,
          Array.from({ length: size }, (_, k) => ({ id: `evt-${first + k}`, outcome: 'inserted', seq: first + k })),
        );
      }
      const stored = Array.from({ length: 350 }, (_, k) => event(count - 2 * k));
      const outcomes = await store.append([...stored, ...fresh(350)]);
      assert.deepEqual(
        outcomes.slice(0, 350).map(({ outcome, seq }) => [outcome, seq]),
        stored.map(({ id }) => ['duplicate', Number(id.slice(4))]),
      );
      assert.deepEqual(
        outcomes.slice(350).map(({ outcome, seq }) => [outcome, seq]),
        Array.from({ length: 350 }, (_, k) => ['inserted', count - 349 + k]),
      );
      const { events } = await store.list({ limit: 3 });
      assert.deepEqual(
        events.map(({ seq, id, resource, detail }) => [seq, id, resource, detail]),
        [0, 1, 2].map((k) => [count - k, `evt-${count - k}`, `invoice-${count - k}`, { n: count - k }]),
      );
      assert.deepEqual(await store.verify().then(({ intact, count: verified }) => ({ intact, verified })), {
        intact: true,
        verified: count,
      });
    });

    it('fails malformed input without retry', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      const { insertAuditEvents } = createAuditActivities({ store });
      const error = await failureOf(
        activityAttempt().run(insertAuditEvents, [event(1, { detail: { amount: Number.NaN } })]),
      );
      assert.ok(error instanceof ApplicationFailure);
      assert.equal(error.nonRetryable, true);
      assert.match(error.message, /detail\.amount is not a finite number/);
    });
  });
}
