import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { freePort } from './helpers/free-port';
import { findProcesses } from './helpers/processes';
import { startAllInOne, startMain } from './helpers/main-process';
import { testEnv } from './helpers/test-env';
import { waitFor } from './helpers/wait-for';

describe('the afterward process', () => {
  it('fails fast with one line naming a wrong variable', async () => {
    const run = await startMain({ HTTP_PORT: 'abc' });
    assert.equal(await run.exited, 1);
    const lines = run.output().trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^HTTP_PORT="abc" is invalid/);
  });

  it('fails fast with one line when TEMPORAL_ADDRESS cannot be reached', async () => {
    // A hang fails at the integration tier's per-test timeout.
    const run = await startMain({ TEMPORAL_ADDRESS: 'nowhere:1', TEMPORAL_CONNECT_TIMEOUT_MS: '3000' });
    assert.equal(await run.exited, 1);
    const lines = run.output().trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /cannot reach Temporal at TEMPORAL_ADDRESS=nowhere:1/);
  });

  for (const [variable, portEnv] of [
    ['HTTP_PORT', (port: number) => ({ HTTP_PORT: String(port) })],
    ['WORKER_METRICS_ADDRESS', (port: number) => ({ WORKER_METRICS_ADDRESS: `127.0.0.1:${port}` })],
  ] as const)
    it(`fails with one line naming ${variable} when its port is taken`, async () => {
      const taken = net.createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      try {
        const run = await startMain({
          AFTERWARD_ROLE: 'worker',
          AFTERWARD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-port-')),
          TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
          TEMPORAL_TASK_QUEUE: `port-clash-${variable}-${process.pid}`,
          LOG_LEVEL: 'error',
          ...portEnv((taken.address() as net.AddressInfo).port),
        });
        assert.equal(await run.exited, 1, run.output());
        assert.match(
          run.output(),
          new RegExp(`^afterward failed to start: ${variable} [^\\n]* is already in use`, 'm'),
        );
      } finally {
        taken.close();
      }
    });

  it('with EAGER_EXECUTION in role all, starts jobs eagerly and runs their activities eagerly', async () => {
    const { run, api, devPort, metricsPort, dataDir } = await startAllInOne('afterward-eager-', {
      AUTH_DISABLED: 'true',
      EAGER_EXECUTION: 'true',
      // A local first attempt schedules no activity: this is the path eager activities serve.
      EMAIL_FIRST_ATTEMPT: 'activity',
    });
    try {
      assert.equal(
        findProcesses('start-dev', '--port', String(devPort), 'system.enableActivityEagerExecution=true').length,
        1,
        'the embedded dev server allows eager activities',
      );
      const headers = { 'content-type': 'application/json' };
      const email: any = await (
        await fetch(`${api}/v1/emails`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ to: ['ada@example.com'], subject: 'Eager', text: 'Hi' }),
        })
      ).json();
      await waitFor(
        async () => ((await (await fetch(`${api}/v1/jobs/${email.id}`)).json()) as any).status === 'succeeded',
        { what: 'the email job' },
      );
      assert.equal(fs.readdirSync(path.join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml')).length, 1);
      // The client's start answer said eagerlyStarted: the first workflow task came back with it, not through the task queue.
      const metrics = await (await fetch(`${api}/metrics`)).text();
      assert.match(metrics, /^afterward_eager_workflow_starts_total\{outcome="eager"\} 1$/m, metrics);
      assert.match(metrics, /^afterward_eager_workflow_starts_total\{outcome="queued"\} 0$/m);
      // The SDK labels each activity task it received: smtpSend came with the workflow task's completion, not from a poll.
      const sdkMetrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      assert.match(
        sdkMetrics,
        /^temporal_activity_task_received\{activity_type="smtpSend",eager="true"[^}]*\} 1$/m,
        sdkMetrics,
      );
      assert.doesNotMatch(sdkMetrics, /^temporal_activity_task_received\{[^}]*eager="false"/m);
    } finally {
      run.child.kill('SIGINT');
    }
    assert.equal(await run.exited, 0, run.output());
    assert.match(run.output(), /"eagerExecution":true,.*"msg":"Afterward is running"/);
    assert.deepEqual(findProcesses('start-dev', '--port', String(devPort)), [], 'no orphan dev server');
  });

  it('warns that EAGER_EXECUTION has no effect in role api, and runs as usual', async () => {
    const run = await startMain({
      AFTERWARD_ROLE: 'api',
      EAGER_EXECUTION: 'true',
      AUTH_DISABLED: 'true',
      AFTERWARD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-eager-api-')),
      HTTP_PORT: String(await freePort()),
      TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
    });
    try {
      await waitFor(() => run.output().includes('Afterward is running'), {
        timeoutMs: 30_000,
        what: `the start; output so far:\n${run.output()}`,
      });
    } finally {
      run.child.kill('SIGINT');
    }
    assert.equal(await run.exited, 0, run.output());
    assert.match(run.output(), /"level":40,.*"role":"api".*EAGER_EXECUTION has no effect in this role/);
    assert.match(run.output(), /"eagerExecution":false,.*"msg":"Afterward is running"/);
  });

  it('runs dev server, worker and API in one process, and leaves nothing behind on Ctrl-C', async () => {
    const { run, api, devPort, uiPort, metricsPort, dataDir } = await startAllInOne('afterward-main-');
    try {
      // First start with no keys configured: one key is made, printed once, and only its hash kept.
      const key = await waitFor(() => /^ {2}export AFTERWARD_KEY=(aft_[A-Za-z0-9_-]{43})$/m.exec(run.output())?.[1], {
        what: 'the first key, in the start banner',
      });
      assert.ok(fs.readFileSync(path.join(dataDir, 'api-keys.json'), 'utf8').includes('"admin"'));
      assert.equal((await fetch(`${api}/v1/jobs`)).status, 401, 'auth is on by default');
      assert.match(
        run.output(),
        /"level":40,.*PAYLOAD_KEYS is unset, so nothing is encrypted at rest: every job input and result .* in plain text in Temporal, and webhook signing secrets in plain text/,
        'a warning when nothing is encrypted',
      );
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      assert.equal((await fetch(`http://localhost:${uiPort}/`)).status, 200, 'the Web UI answers');
      assert.ok(fs.existsSync(path.join(dataDir, 'temporal.db')), 'state persisted in the data dir');

      const accepted: any = await (await fetch(`${api}/v1/pings`, { method: 'POST', headers, body: '{}' })).json();
      await waitFor(
        async () =>
          ((await (await fetch(`${api}/v1/jobs/${accepted.id}`, { headers })).json()) as any).status === 'succeeded',
        { what: 'the ping job' },
      );
      const listed = execFileSync(
        testEnv('AFTERWARD_TEST_TEMPORAL_CLI'),
        ['workflow', 'list', '--address', `127.0.0.1:${devPort}`, '--query', `WorkflowId = '${accepted.id}'`],
        { encoding: 'utf8' },
      );
      assert.match(listed, new RegExp(`Completed\\s+${accepted.id}\\s+ping`));
      assert.equal(findProcesses('start-dev', '--port', String(devPort)).length, 1);

      const email: any = await (
        await fetch(`${api}/v1/emails`, {
          method: 'POST',
          headers: { ...headers, 'x-request-id': 'req-main-email' },
          body: JSON.stringify({ to: ['ada@example.com'], subject: 'Captured', text: 'Hi' }),
        })
      ).json();
      const outbox = path.join(dataDir, 'outbox');
      const captured = await waitFor(
        () => fs.existsSync(outbox) && fs.readdirSync(outbox).find((f) => f.endsWith('.eml')),
        { what: 'the email in the local outbox' },
      );
      assert.match(
        fs.readFileSync(path.join(outbox, captured), 'utf8'),
        new RegExp(`Message-ID: <${email.id}@afterward.localhost>`, 'i'),
      );
      const sentLine = await waitFor(
        () =>
          run
            .output()
            .split('\n')
            .find((line) => line.includes('Email accepted by the SMTP server')),
        { what: "the activity's log line" },
      );
      assert.equal(JSON.parse(sentLine).requestId, 'req-main-email', "the request id reaches the activity's log line");

      const sdkMetrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      assert.match(sdkMetrics, /^temporal_\w+/m, "the worker serves the Temporal SDK's metrics");
      assert.match(
        sdkMetrics,
        /^temporal_activity_task_received\{[^}]*eager="false"[^}]*task_queue="afterward-v1"/m,
        'no eager activities by default',
      );
      const apiMetrics = await fetch(`${api}/metrics`, { headers });
      assert.equal(apiMetrics.status, 200);
      assert.doesNotMatch(
        await apiMetrics.text(),
        /afterward_eager_workflow_starts_total/,
        'no eager starts by default',
      );
    } finally {
      run.child.kill('SIGINT');
    }
    assert.equal(await run.exited, 0, run.output());
    assert.match(run.output(), /"msg":"stopped"/);
    assert.deepEqual(findProcesses('start-dev', '--port', String(devPort)), [], 'no orphan dev server');
  });
});
