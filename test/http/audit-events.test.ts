import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AuditStack, DIALECTS, startAuditStack } from '../helpers/audit-stack';
import type { TestApi } from '../helpers/api';
import { waitFor } from '../helpers/wait-for';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Every page of a listing, following nextCursor (bounded, so a cursor that loops fails the test). */
async function listAll(api: TestApi, query: string): Promise<any[]> {
  const events: any[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const r = await api.request('GET', `/v1/audit-events?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    events.push(...r.body.events);
    cursor = r.body.nextCursor;
    if (cursor === null) return events;
  }
  throw new Error('more than 100 pages');
}

for (const dialect of DIALECTS) {
  describe(`the audit log API on ${dialect}`, () => {
    let stack: AuditStack;
    before(async () => {
      stack = await startAuditStack(`audit-api-${dialect.toLowerCase()}`, dialect);
    });
    after(() => stack.close());

    it('answers 202 with a new id, then lists the recorded event', async () => {
      const posted = await stack.api.request('POST', '/v1/audit-events', {
        actor: 'user-42',
        action: 'invoice.deleted',
        resource: 'invoice:99',
        detail: { reason: 'duplicate' },
      });
      assert.equal(posted.status, 202, JSON.stringify(posted.body));
      assert.match(posted.body.id, ULID);
      assert.ok(Math.abs(Date.parse(posted.body.at) - Date.now()) < 60_000, 'at defaults to now');
      const listed = await waitFor(
        async () => {
          const r = await stack.api.request('GET', '/v1/audit-events?resource=invoice:99');
          return r.body.events.length > 0 && r.body;
        },
        { what: 'the event to be listed' },
      );
      const { id, actor, action, resource, at, detail } = listed.events[0];
      assert.deepEqual(
        { id, actor, action, resource, at, detail },
        {
          id: posted.body.id,
          actor: 'user-42',
          action: 'invoice.deleted',
          resource: 'invoice:99',
          at: posted.body.at,
          detail: { reason: 'duplicate' },
        },
      );
      assert.equal(listed.nextCursor, null);
    });

    it('records an event id sent twice, and a batch sent twice, once each', async () => {
      const event = {
        id: `retried-${dialect}`,
        actor: 'user-1',
        action: 'session.started',
        resource: 'session:retried',
      };
      const first = await stack.api.request('POST', '/v1/audit-events', event);
      const second = await stack.api.request('POST', '/v1/audit-events', event);
      assert.deepEqual([first.status, second.status], [202, 202]);
      assert.equal(second.body.id, first.body.id);

      const batch = {
        events: Array.from({ length: 40 }, (_, i) => ({
          id: `import-${dialect}-${i}`,
          actor: 'importer',
          action: 'row.imported',
          resource: `row:${i}`,
          at: '2025-03-01T12:00:00+01:00',
        })),
      };
      for (let attempt = 0; attempt < 2; attempt++) {
        const accepted = await stack.api.request('POST', '/v1/audit-events/batch', batch);
        assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
        assert.deepEqual(
          accepted.body.events,
          batch.events.map(({ id }) => ({ id, at: '2025-03-01T11:00:00.000Z' })),
        );
      }
      await stack.drain();

      const retried = await listAll(stack.api, 'resource=session:retried');
      assert.deepEqual(
        retried.map((e) => [e.id, e.at]),
        [[first.body.id, first.body.at]],
        "one row, with the first request's time",
      );
      const imported = await listAll(stack.api, 'action=row.imported&limit=1000');
      assert.deepEqual(imported.map((e) => e.id).sort(), batch.events.map((e) => e.id).sort());
      assert.equal((await stack.api.request('GET', '/v1/audit-events/verify')).body.intact, true);
    });

    it('pages through filtered events newest first, every match exactly once', async () => {
      const actors = ['alice', 'bob', 'carol'];
      const base = Date.UTC(2025, 5, 1);
      const events = Array.from({ length: 120 }, (_, i) => ({
        actor: `${actors[i % 3]}-${dialect}`,
        action: 'document.viewed',
        resource: `document:${i}`,
        at: new Date(base + i * 1000).toISOString(),
      }));
      assert.equal((await stack.api.request('POST', '/v1/audit-events/batch', { events })).status, 202);
      await stack.drain();

      const alice = await listAll(stack.api, `actor=alice-${dialect}&limit=7`);
      assert.deepEqual(
        alice.map((e) => e.resource).sort(),
        events
          .filter((e) => e.actor === `alice-${dialect}`)
          .map((e) => e.resource)
          .sort(),
      );
      assert.equal(new Set(alice.map((e) => e.seq)).size, alice.length, 'no event on two pages');
      assert.ok(
        alice.every((e, i) => i === 0 || e.seq < alice[i - 1].seq),
        'newest recorded first',
      );

      const from = new Date(base + 30_000).toISOString();
      const to = new Date(base + 60_000).toISOString();
      const window = await listAll(
        stack.api,
        `actor=bob-${dialect}&action=document.viewed&from=${from}&to=${to}&limit=4`,
      );
      const expected = events
        .filter((e) => e.actor === `bob-${dialect}` && e.at >= from && e.at < to)
        .map((e) => e.resource);
      assert.equal(expected.length, 10);
      assert.deepEqual(window.map((e) => e.resource).sort(), expected.sort());
    });

    it('verifies the chain and reports a row edited in the database', async () => {
      const posted = await stack.api.request('POST', '/v1/audit-events', {
        actor: 'user-7',
        action: 'role.granted',
        resource: 'user:8',
        detail: { role: 'admin' },
      });
      await stack.drain();
      const intact = await stack.api.request('GET', '/v1/audit-events/verify');
      assert.equal(intact.status, 200);
      assert.equal(intact.body.intact, true);
      assert.ok(intact.body.count > 0);

      const db = stack.store.database.db;
      const row = await db
        .selectFrom('audit_events')
        .select(['seq', 'detail'])
        .where('id', '=', posted.body.id)
        .executeTakeFirstOrThrow();
      await db
        .updateTable('audit_events')
        .set({ detail: '{"role":"viewer"}' })
        .where('id', '=', posted.body.id)
        .execute();
      const broken = await stack.api.request('GET', '/v1/audit-events/verify');
      assert.equal(broken.body.intact, false);
      assert.deepEqual(broken.body.brokenAt, { seq: row.seq, id: posted.body.id });
      assert.match(broken.body.reason, /edited/);

      await db.updateTable('audit_events').set({ detail: row.detail }).where('id', '=', posted.body.id).execute();
      assert.equal((await stack.api.request('GET', '/v1/audit-events/verify')).body.intact, true);
    });

    it('verifies in pages, answers the head, and reports rows cut from the end against an anchor', async () => {
      const events = Array.from({ length: 30 }, (_, i) => ({
        actor: 'pager',
        action: 'page.tested',
        resource: `r:${dialect}:${i}`,
      }));
      assert.equal((await stack.api.request('POST', '/v1/audit-events/batch', { events })).status, 202);
      await stack.drain();
      const whole = await stack.api.request('GET', '/v1/audit-events/verify');
      assert.equal(whole.status, 200);
      const { head } = whole.body;
      assert.deepEqual(
        [whole.body.intact, whole.body.complete, whole.body.next, whole.body.count],
        [true, true, null, head.seq],
      );
      assert.match(head.hash, /^[0-9a-f]{64}$/);
      assert.ok(Number.isFinite(Date.parse(head.at)));

      let after = '';
      let verified = 0;
      for (let page = 0; ; page++) {
        assert.ok(page < 100, 'at most 100 pages');
        const r = await stack.api.request('GET', `/v1/audit-events/verify?limit=10${after && `&after=${after}`}`);
        assert.equal(r.body.intact, true, JSON.stringify(r.body));
        verified += r.body.count;
        if (r.body.next === null) break;
        after = r.body.next;
      }
      assert.equal(verified, head.seq);

      const anchor = `${head.seq}:${head.hash}`;
      const held = await stack.api.request('GET', `/v1/audit-events/verify?anchor=${anchor}&after=${anchor}`);
      assert.deepEqual([held.body.intact, held.body.count, held.body.anchor.status], [true, 0, 'matches']);

      const db = stack.store.database.db;
      const cut = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '>', head.seq - 3)
        .execute();
      await db
        .deleteFrom('audit_events')
        .where('seq', '>', head.seq - 3)
        .execute();
      try {
        const truncated = await stack.api.request('GET', `/v1/audit-events/verify?anchor=${anchor}`);
        assert.equal(truncated.status, 200);
        assert.deepEqual(
          [truncated.body.intact, truncated.body.head.seq, truncated.body.anchor.status],
          [false, head.seq - 3, 'truncated'],
        );
        assert.match(truncated.body.reason, /removed from its end/);
      } finally {
        await db.insertInto('audit_events').values(cut).execute();
      }
    });
  });
}
