import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { AuditEventInput } from '../../activities/audit-store';
import { rowHash } from '../../activities/audit-store/canonical';
import { contentJson } from '../../activities/audit-store/events';
import { DIALECTS, openAuditStore } from '../helpers/audit-stack';

const repoRoot = join(__dirname, '..', '..');

function events(prefix: string, count: number): AuditEventInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`, actor: prefix, action: 'chain.test', resource: `r-${i}`, at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), detail: { i },
  }));
}

// A separate worker process with its own connection: once told to go, it appends 40 events one
// transaction at a time, so that the workers' transactions interleave.
const workerScript = `
const { createAuditStore, openAuditDatabase } = require('./activities/audit-store');
const store = createAuditStore(openAuditDatabase(process.env.AUDIT_DATABASE_URL));
const worker = process.env.AUDIT_WORKER;
process.stdout.write('ready\\n');
process.stdin.once('data', async () => {
  try {
    for (let i = 0; i < 40; i++) {
      await store.append([{ id: worker + '-' + i, actor: worker, action: 'chain.test', resource: 'r', at: new Date().toISOString() }]);
    }
    await store.close();
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
});
`;

async function runWorkerProcesses(url: string, count: number): Promise<void> {
  const workers = Array.from({ length: count }, (_, i) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', workerScript], {
      cwd: repoRoot, env: { ...process.env, AUDIT_DATABASE_URL: url, AUDIT_WORKER: `worker${i}` }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exited = new Promise<void>((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker${i} exited with ${code}: ${stderr}`)))));
    return { child, ready, exited };
  });
  await Promise.all(workers.map((worker) => Promise.race([worker.ready, worker.exited])));
  for (const worker of workers) worker.child.stdin.end('go\n');
  await Promise.all(workers.map((worker) => worker.exited));
}

for (const dialect of DIALECTS) {
  describe(`the audit chain on ${dialect}`, () => {
    it('verifies an empty store and an intact chain, counting its rows', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      assert.deepEqual(await store.verify(), { intact: true, count: 0 });
      await store.append(events('a', 10));
      await store.append(events('b', 5));
      assert.deepEqual(await store.verify(), { intact: true, count: 15 });
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
      assert.deepEqual(!result.intact && result.brokenAt, { seq: 5, id: 'a-4' });
      assert.match(!result.intact ? result.reason : '', /hash does not match/);
    });

    it('reports the next row when an edited row had its hash recomputed', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append(events('a', 10));
      const row = await database.db.selectFrom('audit_events').selectAll().where('id', '=', 'a-4').executeTakeFirstOrThrow();
      const forged = rowHash(row.prev_hash, contentJson({ ...row, detail: '{"i":400}' }));
      await sql`update audit_events set detail = ${'{"i":400}'}, hash = ${forged} where id = ${'a-4'}`.execute(database.db);
      const result = await store.verify();
      assert.deepEqual(!result.intact && result.brokenAt, { seq: 6, id: 'a-5' });
    });

    it('reports the row after one deleted from the middle of the chain', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append(events('a', 10));
      await sql`delete from audit_events where id = ${'a-6'}`.execute(database.db);
      const result = await store.verify();
      assert.deepEqual(!result.intact && result.brokenAt, { seq: 8, id: 'a-7' });
      assert.match(!result.intact ? result.reason : '', /rows are missing/);
    });

    it('reports a deletion even when later rows were renumbered to hide the gap', async (t) => {
      const { store, database } = await openAuditStore(t, dialect);
      await store.append(events('a', 5));
      await sql`delete from audit_events where seq = 3`.execute(database.db);
      for (const seq of [4, 5]) await sql`update audit_events set seq = ${seq - 1} where seq = ${seq}`.execute(database.db);
      const result = await store.verify();
      assert.deepEqual(!result.intact && result.brokenAt, { seq: 3, id: 'a-3' });
      assert.match(!result.intact ? result.reason : '', /prev_hash does not match/);
    });

    it('keeps the chain intact when five appends of 40 events run at once in one process', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      const outcomes = await Promise.all(['p', 'q', 'r', 's', 't'].map((prefix) => store.append(events(prefix, 40))));
      assert.equal(outcomes.flat().filter((outcome) => outcome.outcome === 'inserted').length, 200);
      assert.deepEqual(await store.verify(), { intact: true, count: 200 });
    });

    it('keeps the chain intact when five worker processes append 40 events each at once', async (t) => {
      const { store, url } = await openAuditStore(t, dialect);
      await runWorkerProcesses(url, 5);
      assert.deepEqual(await store.verify(), { intact: true, count: 200 });
      const { events: stored } = await store.list({ limit: 1000 });
      assert.equal(new Set(stored.map((event) => event.id)).size, 200);
      // PostgreSQL queues lock waiters fairly, so the workers take turns; SQLite's busy handler backs off
      // and sleeps, so one writer often runs ahead while the others wait (correct, just not interleaved).
      if (dialect === 'PostgreSQL') {
        const turns = stored.filter((event, i) => i > 0 && event.actor !== stored[i - 1]?.actor).length;
        assert.ok(turns > 4, `the workers' appends overlapped (${turns} changes of writer)`);
      }
    });
  });
}
