import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { sql } from 'kysely';
import { openAuditDatabase } from '../../activities/store';
import { createTestDatabase } from '../helpers/postgres';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'afterward-audit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('opening the audit database', () => {
  it('opens a SQLite file from a plain path, creating its folder, in WAL mode with full sync', async (t) => {
    const file = join(tempDir(t), 'nested', 'audit.db');
    const { db, dialect } = openAuditDatabase(file, { busyTimeoutMs: 1234 });
    t.after(() => db.destroy());
    assert.equal(dialect, 'sqlite');
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] ?? {})[0];
    assert.equal(await pragma('journal_mode'), 'wal');
    assert.equal(await pragma('synchronous'), 2);
    assert.equal(await pragma('busy_timeout'), 1234);
    assert.equal(await pragma('foreign_keys'), 1);
    assert.ok(existsSync(file));
  });

  it('accepts sqlite: and sqlite:// URLs', async (t) => {
    const dir = tempDir(t);
    for (const url of [`sqlite:${join(dir, 'a.db')}`, `sqlite://${join(dir, 'b.db')}`]) {
      const { db } = openAuditDatabase(url);
      await sql`select 1`.execute(db);
      await db.destroy();
    }
    assert.ok(existsSync(join(dir, 'a.db')) && existsSync(join(dir, 'b.db')));
  });

  it('opens PostgreSQL from a postgres:// URL', async () => {
    const { db, dialect } = openAuditDatabase(await createTestDatabase());
    try {
      assert.equal(dialect, 'postgres');
      const { rows } = await sql<{ n: number }>`select 9007199254740991::bigint as n`.execute(db);
      assert.equal(rows[0]?.n, Number.MAX_SAFE_INTEGER);
    } finally {
      await db.destroy();
    }
  });

  it('refuses a URL scheme it does not support instead of creating a file named after it', () => {
    assert.throws(() => openAuditDatabase('mysql://localhost/audit'), /Unsupported audit database URL scheme/);
  });
});
