import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { AuditEventInput, AuditStore, ChainPoint } from '../../activities/store';
import { rowHash } from '../../activities/store/audit/canonical';
import { contentJson } from '../../activities/store/audit/events';
import type { AuditSchema } from '../../activities/store/schema';
import { type Dialect, openAuditStore } from '../helpers/audit-stack';

function events(prefix: string, count: number): AuditEventInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    actor: prefix,
    action: 'chain.test',
    resource: `r-${i}`,
    at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    detail: { i },
  }));
}

async function intactCount(store: AuditStore): Promise<{ intact: boolean; count: number }> {
  const { intact, count } = await store.verify();
  return { intact, count };
}

/** Rewrites the content of row `seq` and recomputes its hash and every later row's, as a forger with database access would. */
async function rewriteFrom(db: Kysely<AuditSchema>, seq: number): Promise<void> {
  const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>=', seq).orderBy('seq').execute();
  let prevHash = (
    await db
      .selectFrom('audit_events')
      .select('hash')
      .where('seq', '=', seq - 1)
      .executeTakeFirstOrThrow()
  ).hash;
  for (const row of rows) {
    const detail = row.seq === seq ? '{"forged":true}' : row.detail;
    const hash = rowHash(prevHash, contentJson({ ...row, detail }));
    await db
      .updateTable('audit_events')
      .set({ detail, prev_hash: prevHash, hash })
      .where('seq', '=', row.seq)
      .execute();
    prevHash = hash;
  }
}

/** Its cases on one database; test/activities/stores-on-{sqlite,postgres} run them on each. */
export function describeAuditChain(dialect: Dialect): void {
  describe(`the audit chain on ${dialect}`, () => {
    it('verifies an empty store and an intact chain, counting its rows and answering its head', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      assert.deepEqual(await store.verify(), { intact: true, count: 0, complete: true, head: null, next: null });
      await store.append(events('a', 10));
      await store.append(events('b', 5));
      const newest = await database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '=', 15)
        .executeTakeFirstOrThrow();
      assert.deepEqual(await store.verify(), {
        intact: true,
        count: 15,
        complete: true,
        head: { seq: 15, hash: newest.hash, at: newest.recorded_at },
        next: null,
      });
    });

    it('links each row to the hash of the row before it', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      await store.append(events('a', 3));
      const [third, second, first] = (await store.list()).events;
      assert.equal(first?.prevHash, '0'.repeat(64));
      assert.equal(second?.prevHash, first?.hash);
      assert.equal(third?.prevHash, second?.hash);
      assert.match(third?.hash ?? '', /^[0-9a-f]{64}$/);
    });

    it('reports exactly the row whose content was edited in the database', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append(events('a', 10));
      await sql`update audit_events set actor = ${'mallory'} where id = ${'a-4'}`.execute(database.db);
      const result = await store.verify();
      assert.equal(result.intact, false);
      assert.deepEqual(result.brokenAt, { seq: 5, id: 'a-4' });
      assert.match(result.reason ?? '', /hash does not match/);
    });

    it('reports the next row when an edited row had its hash recomputed', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append(events('a', 10));
      const row = await database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('id', '=', 'a-4')
        .executeTakeFirstOrThrow();
      const forged = rowHash(row.prev_hash, contentJson({ ...row, detail: '{"i":400}' }));
      await sql`update audit_events set detail = ${'{"i":400}'}, hash = ${forged} where id = ${'a-4'}`.execute(
        database.db,
      );
      const result = await store.verify();
      assert.deepEqual(result.brokenAt, { seq: 6, id: 'a-5' });
    });

    it('reports the row after one deleted from the middle of the chain', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append(events('a', 10));
      await sql`delete from audit_events where id = ${'a-6'}`.execute(database.db);
      const result = await store.verify();
      assert.deepEqual(result.brokenAt, { seq: 8, id: 'a-7' });
      assert.match(result.reason ?? '', /rows are missing/);
    });

    it('reports a deletion even when later rows were renumbered to hide the gap', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append(events('a', 5));
      await sql`delete from audit_events where seq = 3`.execute(database.db);
      for (const seq of [4, 5])
        await sql`update audit_events set seq = ${seq - 1} where seq = ${seq}`.execute(database.db);
      const result = await store.verify();
      assert.deepEqual(result.brokenAt, { seq: 3, id: 'a-3' });
      assert.match(result.reason ?? '', /prev_hash does not match/);
    });

    it('keeps the chain intact when five appends of 40 events run at once in one process', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      const outcomes = await Promise.all(['p', 'q', 'r', 's', 't'].map((prefix) => store.append(events(prefix, 40))));
      assert.equal(outcomes.flat().filter((outcome) => outcome.outcome === 'inserted').length, 200);
      assert.deepEqual(await intactCount(store), { intact: true, count: 200 });
    });

    it('detects rows cut from the end of the chain with an anchor kept from an earlier head', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append(events('a', 20));
      const { head } = await store.verify();
      assert.equal(head?.seq, 20);
      const anchor: ChainPoint = { seq: head!.seq, hash: head!.hash };
      assert.deepEqual((await store.verify({ anchor })).anchor, { ...anchor, status: 'matches' });

      await sql`delete from audit_events where seq > 17`.execute(database.db);
      assert.deepEqual(
        await intactCount(store),
        { intact: true, count: 17 },
        'without an anchor, a shorter chain looks intact',
      );
      const cut = await store.verify({ anchor });
      assert.equal(cut.intact, false);
      assert.deepEqual(cut.anchor, { ...anchor, status: 'truncated' });
      assert.equal(cut.head?.seq, 17);
      assert.equal(cut.brokenAt, undefined);
      assert.match(cut.reason ?? '', /ends at seq 17, before row 20 .*removed from its end/);

      // New rows appended after the cut make the chain as long again, with other hashes.
      await store.append(events('b', 5));
      const refilled = await store.verify({ anchor });
      assert.equal(refilled.intact, false);
      assert.deepEqual(refilled.anchor, { ...anchor, status: 'rewritten' });
      assert.deepEqual(refilled.brokenAt, { seq: 20, id: 'b-2' });
    });

    it('detects an anchored row rewritten with every later hash recomputed, which the walk alone cannot', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append(events('a', 30));
      const { head: before } = await store.verify();
      const older = await database.db
        .selectFrom('audit_events')
        .select(['seq', 'hash'])
        .where('seq', '=', 10)
        .executeTakeFirstOrThrow();
      await rewriteFrom(database.db, 25);
      assert.deepEqual(await intactCount(store), { intact: true, count: 30 });
      const result = await store.verify({ anchor: { seq: before!.seq, hash: before!.hash } });
      assert.equal(result.intact, false);
      assert.equal(result.anchor?.status, 'rewritten');
      assert.deepEqual(result.brokenAt, { seq: 30, id: 'a-29' });
      assert.match(result.reason ?? '', /row 30 has another hash than the anchor gives/);
      assert.equal(
        (await store.verify({ anchor: older })).anchor?.status,
        'matches',
        'an anchor before the rewrite still holds',
      );
      const missing = await store.verify({ anchor: { seq: 31, hash: 'f'.repeat(64) } });
      assert.equal(missing.anchor?.status, 'truncated');
    });

    it('walks a chain of 250 rows in pages, each continuing from the last row the previous one verified', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append(events('a', 250));
      const walk = async (
        limit: number,
      ): Promise<Array<{ count: number; next: string | null; complete: boolean; intact: boolean }>> => {
        const pages = [];
        let after: ChainPoint | undefined;
        for (let page = 0; page < 10; page++) {
          const result = await store.verify({ after, limit });
          pages.push(result);
          if (result.next === null) return pages;
          const [seq, hash] = result.next.split(':');
          after = { seq: Number(seq), hash: hash! };
        }
        throw new Error('more than 10 pages');
      };
      const pages = await walk(100);
      assert.deepEqual(
        pages.map(({ count, complete, intact }) => ({ count, complete, intact })),
        [
          { count: 100, complete: false, intact: true },
          { count: 100, complete: false, intact: true },
          { count: 50, complete: true, intact: true },
        ],
      );
      const row100 = await database.db
        .selectFrom('audit_events')
        .select('hash')
        .where('seq', '=', 100)
        .executeTakeFirstOrThrow();
      assert.equal(pages[0]?.next, `100:${row100.hash}`);

      await sql`update audit_events set actor = ${'mallory'} where seq = 150`.execute(database.db);
      const broken = await walk(100);
      assert.deepEqual(
        broken.map(({ count, intact }) => ({ count, intact })),
        [
          { count: 100, intact: true },
          { count: 49, intact: false },
        ],
      );
      assert.deepEqual((broken[1] as { brokenAt?: unknown }).brokenAt, { seq: 150, id: 'a-149' });

      // A page that starts after a row whose hash has changed since the previous page says so.
      const rewritten = await store.verify({ after: { seq: 100, hash: 'e'.repeat(64) }, limit: 100 });
      assert.equal(rewritten.intact, false);
      assert.equal(rewritten.count, 0);
      assert.deepEqual(rewritten.brokenAt, { seq: 100, id: 'a-99' });
      const beyond = await store.verify({ after: { seq: 300, hash: 'e'.repeat(64) } });
      assert.match(beyond.reason ?? '', /ends at seq 250, before row 300/);
    });

    it('verifies only the rows appended since a head kept from an earlier verify', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      await store.append(events('a', 40));
      const { head } = await store.verify();
      const after = { seq: head!.seq, hash: head!.hash };
      assert.deepEqual(await store.verify({ after }), { intact: true, count: 0, complete: true, head, next: null });
      await store.append(events('b', 7));
      const since = await store.verify({ after, anchor: after });
      assert.deepEqual(
        [since.intact, since.count, since.complete, since.head?.seq, since.anchor?.status],
        [true, 7, true, 47, 'matches'],
      );
    });
  });
}
