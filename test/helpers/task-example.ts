// The README's round trip with an example task app (examples/koa-tasks, examples/fastapi-tasks): the real
// Afterward process on the run's dev server calls the app on loopback; the app verifies each call and
// completes its long task through the API with a key holding only tasks:complete.
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { generateSecret } from '../../activities/webhooks/signature';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import { freePort } from './free-port';
import { captured, type RunningProcess, startAllInOne, stopProcess } from './main-process';
import { runRunbookLine } from './runbook';
import { uniqueTaskQueue } from './temporal';
import { testEnv } from './test-env';
import { checkTaskRouteVerifies } from './task-route-check';
import { waitFor } from './wait-for';

/** Starts the example app with its variables (AFTERWARD_URL, AFTERWARD_API_KEY, TASK_SIGNING_SECRET, PORT), stdout and stderr piped. */
export type SpawnExampleApp = (env: Record<string, string>) => Promise<ChildProcess>;

/** The README's task types, as it registers them. */
const taskTypes = (origin: string) => [
  { name: 'invoice.total', url: `${origin}/tasks/invoice.total` },
  { name: 'report.generate', url: `${origin}/tasks/report.generate`, timeout: '1h', heartbeatTimeout: '30s' },
];

export function describeTaskExample(name: string, spawnApp: SpawnExampleApp): void {
  describe(name, () => {
    const secret = generateSecret();
    const [operatorKey, appKey] = [newApiKey(), newApiKey()];
    let afterward: Awaited<ReturnType<typeof startAllInOne>>;
    let app: RunningProcess;
    let origin: string;
    const outputs = () => `\n--- app:\n${app?.output()}\n--- afterward:\n${afterward?.run.output()}`;

    const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
      const headers = {
        authorization: `Bearer ${operatorKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      };
      const response = await fetch(`${afterward.api}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: response.status === 204 ? null : await response.json() };
    };
    const enqueue = async (type: string, payload: unknown): Promise<string> => {
      const accepted = await api('POST', `/v1/tasks/${type}`, { payload });
      assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
      assert.equal(accepted.body.kind, 'task');
      return accepted.body.id;
    };
    const job = async (id: string) => (await api('GET', `/v1/jobs/${id}`)).body;
    const closedJob = (id: string, timeoutMs: number) =>
      waitFor(
        async () => {
          const j = await job(id);
          return j.closedAt !== null && j;
        },
        { timeoutMs, what: `job ${id} to close${outputs()}` },
      );
    const progressOf = (id: string) =>
      waitFor(
        async () => {
          const j = await job(id);
          return j.progress !== undefined && j;
        },
        { timeoutMs: 20_000, what: `progress on job ${id}${outputs()}` },
      );

    before(async () => {
      const [httpPort, appPort] = [await freePort(), await freePort()];
      origin = `http://127.0.0.1:${appPort}`;
      const afterwardUrl = `http://127.0.0.1:${httpPort}`;
      const spawned = spawnApp({
        AFTERWARD_URL: afterwardUrl,
        AFTERWARD_API_KEY: appKey,
        TASK_SIGNING_SECRET: secret,
        PORT: String(appPort),
      }).then((child) => (app = captured(child)));
      spawned.catch(() => undefined); // awaited below, once Afterward is up; not an unhandled rejection meanwhile
      afterward = await startAllInOne('afterward-example-', {
        HTTP_PORT: String(httpPort),
        TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
        TEMPORAL_TASK_QUEUE: uniqueTaskQueue(name),
        API_KEYS: `operator:tasks:admin,tasks:write,jobs:read,jobs:admin:${hashApiKey(operatorKey)};app:tasks:complete:${hashApiKey(appKey)}`,
        TASK_ALLOWED_ORIGINS: origin,
        TASK_SIGNING_SECRET: secret,
        TASK_TYPES_REFRESH_MS: '500',
        WORKER_SHUTDOWN_GRACE_MS: '1000',
      });
      await spawned;
      const listening = waitFor(
        async () => (await fetch(`${origin}/tasks/invoice.total`, { method: 'POST' }).catch(() => undefined))?.status,
        { timeoutMs: 60_000, what: `the app to listen${outputs()}` },
      );
      await Promise.race([
        listening,
        app.exited.then((code) => assert.fail(`the app exited (${code}) before it listened${outputs()}`)),
      ]);
      for (const type of taskTypes(origin)) {
        const created = await api('POST', '/v1/task-types', type);
        assert.equal(created.status, 201, JSON.stringify(created.body));
      }
    });
    after(async () => {
      if (app) await stopProcess(app, 'SIGTERM');
      if (afterward) {
        await stopProcess(afterward.run);
        fs.rmSync(afterward.dataDir, { recursive: true, force: true });
      }
    });

    it('refuses a call not signed with the task signing secret (401), over the raw body, and answers one that is', async () => {
      const body = JSON.stringify({
        type: 'invoice.total',
        timestamp: new Date().toISOString(),
        data: { items: [{ price: 5, qty: 2 }] },
      });
      const answered = await checkTaskRouteVerifies(`${origin}/tasks/invoice.total`, body, secret);
      assert.equal(answered.status, 200);
      assert.deepEqual(await answered.json(), { total: 10 });
    });

    it("runs a fast task: the job succeeds with the app's answer as its result", async () => {
      const id = await enqueue('invoice.total', {
        items: [
          { price: 1250, qty: 2 },
          { price: 300, qty: 1 },
        ],
      });
      const done = await closedJob(id, 30_000);
      assert.equal(done.status, 'succeeded', JSON.stringify(done));
      assert.deepEqual(done.result, { total: 2800 });
      assert.equal(done.attempts, 1);
    });

    it('runs a long task: a 202, progress while it runs, then the result the app completes it with', async () => {
      const id = await enqueue('report.generate', { reportId: 'r-7', pages: 3 });
      const running = await progressOf(id);
      assert.equal(running.status, 'running');
      assert.equal(running.progress.of, 3);
      assert.ok(running.progress.page >= 1 && running.progress.page <= 3, JSON.stringify(running.progress));
      const done = await closedJob(id, 30_000);
      assert.equal(done.status, 'succeeded', JSON.stringify(done));
      assert.deepEqual(done.result, { reportId: 'r-7', pages: 3, url: 'https://files.example.com/reports/r-7.pdf' });
      assert.equal(done.attempts, 1);
      assert.equal(done.attemptLog[0].async, true);
      const listed = await waitFor(
        async () => {
          const out = await runRunbookLine(/TaskType = 'report.generate'/);
          return out.includes(id) && out;
        },
        { timeoutMs: 15_000, what: "the job in the runbook's `temporal workflow list` of the type" },
      );
      assert.match(listed, new RegExp(`Completed\\s+${id}\\s+runTask`));
    });

    it('stops a long task when its job is cancelled: the app acknowledges, and the job ends cancelled', async () => {
      const id = await enqueue('report.generate', { reportId: 'r-8', pages: 60 });
      await progressOf(id);
      assert.equal((await api('POST', `/v1/jobs/${id}/cancel`)).status, 202);
      // Sooner than the type's 30 s heartbeat timeout: only the app's acknowledgement closes it this early.
      const done = await closedJob(id, 15_000);
      assert.equal(done.status, 'cancelled', JSON.stringify(done));
    });
  });
}
