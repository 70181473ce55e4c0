import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AuditEventInput, type AuditQuery, type AuditStore, InvalidAuditQueryError } from '../../activities/store';
import { type Dialect, openAuditStore } from '../helpers/audit-stack';

const actors = ['alice', 'bob', 'carol'];
const actions = ['invoice.paid', 'invoice.voided'];

/** Event n: actor by n % 3, action by n % 2, resource by n % 5, `at` n minutes after midnight but recorded in a shuffled order. */
function event(n: number): AuditEventInput {
  return {
    id: `evt-${n}`,
    actor: actors[n % 3] ?? '',
    action: actions[n % 2] ?? '',
    resource: `invoice-${n % 5}`,
    at: new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString(),
    detail: { n },
  };
}

// Recorded order differs from `at` order, so filters on `at` cannot pass by accident of seq.
const recordedOrder = Array.from({ length: 30 }, (_, i) => (i * 7) % 30);

async function seed(store: AuditStore): Promise<AuditEventInput[]> {
  const seeded = recordedOrder.map(event);
  await store.append(seeded.slice(0, 12));
  await store.append(seeded.slice(12));
  return seeded;
}

/** Ids matching `keep`, newest recorded first: what the store should list. */
function expectedIds(seeded: AuditEventInput[], keep: (event: AuditEventInput) => boolean): string[] {
  return seeded
    .filter(keep)
    .map((event) => event.id)
    .reverse();
}

async function allPages(store: AuditStore, query: AuditQuery): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor = query.cursor;
  let pages = 0;
  do {
    const page = await store.list({ ...query, cursor });
    ids.push(...page.events.map((event) => event.id));
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor !== undefined);
  return { ids, pages };
}

/** Its cases on one database; test/activities/stores-on-{sqlite,postgres} run them on each. */
export function describeAuditList(dialect: Dialect): void {
  describe(`listing audit events on ${dialect}`, () => {
    it('filters by actor, action and resource, newest recorded first', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      const seeded = await seed(store);
      const ids = async (query: AuditQuery) => (await store.list(query)).events.map((event) => event.id);
      assert.deepEqual(
        await ids({ actor: 'bob' }),
        expectedIds(seeded, (e) => e.actor === 'bob'),
      );
      assert.deepEqual(
        await ids({ action: 'invoice.voided' }),
        expectedIds(seeded, (e) => e.action === 'invoice.voided'),
      );
      assert.deepEqual(
        await ids({ resource: 'invoice-3' }),
        expectedIds(seeded, (e) => e.resource === 'invoice-3'),
      );
      assert.deepEqual(
        await ids({ actor: 'alice', action: 'invoice.paid' }),
        expectedIds(seeded, (e) => e.actor === 'alice' && e.action === 'invoice.paid'),
      );
      assert.deepEqual(await ids({ actor: 'nobody' }), []);
    });

    it('keeps events from `from` inclusive up to `to` exclusive, in any time zone', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      const seeded = await seed(store);
      const minute = (e: AuditEventInput) => Number((e.detail as { n: number }).n);
      const page = await store.list({ from: '2025-01-01T00:10:00Z', to: '2025-01-01T01:20:00+01:00' });
      assert.deepEqual(
        page.events.map((e) => e.id),
        expectedIds(seeded, (e) => minute(e) >= 10 && minute(e) < 20),
      );
      const since = await store.list({ from: '2025-01-01T00:25:00.000Z', actor: 'bob' });
      assert.deepEqual(
        since.events.map((e) => e.id),
        expectedIds(seeded, (e) => minute(e) >= 25 && e.actor === 'bob'),
      );
    });

    it('returns every matching event exactly once across small pages', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      const seeded = await seed(store);
      const everything = await allPages(store, { limit: 4 });
      assert.deepEqual(
        everything.ids,
        expectedIds(seeded, () => true),
      );
      assert.equal(everything.pages, 8);
      const carols = await allPages(store, { actor: 'carol', limit: 3 });
      assert.deepEqual(
        carols.ids,
        expectedIds(seeded, (e) => e.actor === 'carol'),
      );
      const single = await allPages(store, { action: 'invoice.paid', from: '2025-01-01T00:05:00Z', limit: 1 });
      assert.deepEqual(
        single.ids,
        expectedIds(seeded, (e) => e.action === 'invoice.paid' && e.at >= '2025-01-01T00:05:00.000Z'),
      );
    });

    it('keeps paging stable when events are appended between pages', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      const seeded = await seed(store);
      const first = await store.list({ limit: 5 });
      await store.append([30, 31, 32, 33, 34, 35].map(event));
      const rest = await allPages(store, { limit: 5, cursor: first.nextCursor ?? undefined });
      assert.deepEqual(
        [...first.events.map((e) => e.id), ...rest.ids],
        expectedIds(seeded, () => true),
      );
      const fresh = await store.list({ limit: 2 });
      assert.deepEqual(
        fresh.events.map((e) => e.id),
        ['evt-35', 'evt-34'],
      );
    });

    it('rejects a cursor it did not issue, a limit out of range and a bound that is not a timestamp', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      await seed(store);
      await assert.rejects(store.list({ cursor: 'not-a-cursor' }), InvalidAuditQueryError);
      await assert.rejects(store.list({ cursor: Buffer.from('v1:-4').toString('base64url') }), InvalidAuditQueryError);
      await assert.rejects(store.list({ limit: 0 }), InvalidAuditQueryError);
      await assert.rejects(store.list({ limit: 1001 }), InvalidAuditQueryError);
      await assert.rejects(store.list({ limit: 2.5 }), InvalidAuditQueryError);
      await assert.rejects(store.list({ from: 'yesterday' }), InvalidAuditQueryError);
    });
  });
}
