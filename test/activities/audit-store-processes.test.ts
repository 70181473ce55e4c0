import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DIALECTS, openAuditStore } from '../helpers/audit-stack';

const repoRoot = join(__dirname, '..', '..');

// A separate worker process with its own connection: once told to go, it appends 40 events one
// transaction at a time, so that the workers' transactions interleave.
const workerScript = `
const { createAuditStore, openAuditDatabase } = require('./activities/store');
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
      cwd: repoRoot,
      env: { ...process.env, AUDIT_DATABASE_URL: url, AUDIT_WORKER: `worker${i}` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ready = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const exited = new Promise<void>((resolve, reject) =>
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`worker${i} exited with ${code}: ${stderr}`)),
      ),
    );
    return { child, ready, exited };
  });
  await Promise.all(workers.map((worker) => Promise.race([worker.ready, worker.exited])));
  for (const worker of workers) worker.child.stdin.end('go\n');
  await Promise.all(workers.map((worker) => worker.exited));
}

for (const dialect of DIALECTS) {
  describe(`the audit chain on ${dialect}, written by several processes`, () => {
    it('keeps the chain intact when five worker processes append 40 events each at once', async (t) => {
      const { store, url } = await openAuditStore(t, dialect);
      await runWorkerProcesses(url, 5);
      const { intact, count } = await store.verify();
      assert.deepEqual({ intact, count }, { intact: true, count: 200 });
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
