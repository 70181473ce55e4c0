// What the disk and the database can commit on their own: the baselines of B4.
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { nowMs, round } from './stats';

const PROBE = { maxMs: 3_000, maxCount: 100_000 };

/** Sequential 4 KiB overwrite + fdatasync in `dir` (what SQLite does per commit in WAL mode with synchronous=FULL), per second. */
export function fileFsyncsPerSec(dir: string): number {
  const file = path.join(dir, 'fsync-probe');
  const fd = fs.openSync(file, 'w');
  const page = Buffer.alloc(4096, 1);
  const started = nowMs();
  let count = 0;
  try {
    while (count < PROBE.maxCount && nowMs() - started < PROBE.maxMs) {
      fs.writeSync(fd, page, 0, page.length, 0);
      fs.fdatasyncSync(fd);
      count++;
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
  }
  return round((count / (nowMs() - started)) * 1000, 1);
}

/** Sequential one-row autocommit INSERTs (each one a WAL flush), per second, on one connection. */
export async function postgresCommitsPerSec(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS bench_fsync_probe (id serial primary key, at timestamptz not null default now())',
    );
    const started = nowMs();
    let count = 0;
    while (count < PROBE.maxCount && nowMs() - started < PROBE.maxMs) {
      await client.query('INSERT INTO bench_fsync_probe DEFAULT VALUES');
      count++;
    }
    const perSec = round((count / (nowMs() - started)) * 1000, 1);
    await client.query('DROP TABLE bench_fsync_probe');
    return perSec;
  } finally {
    await client.end();
  }
}
