// examples/koa-signup, run as its README says (tsx), against the real Afterward process and an SMTP sink: a
// sign-up's email reaches the sink, its audit event is listed, and its report task job succeeds with the
// app's answer; a task call not signed by Afterward is refused by the app.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Afterward } from 'afterward/client';
import { generateSecret } from '../../activities/webhooks/signature';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import { freePort } from '../helpers/free-port';
import { captured, type RunningProcess, startAllInOne, stopProcess } from '../helpers/main-process';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';
import { checkTaskRouteVerifies } from '../helpers/task-route-check';
import { waitFor } from '../helpers/wait-for';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the Koa sign-up example', () => {
  const secret = generateSecret();
  const [operatorKey, appKey] = [newApiKey(), newApiKey()];
  let sink: SmtpSink;
  let afterward: Awaited<ReturnType<typeof startAllInOne>>;
  let app: RunningProcess;
  let origin: string;
  /** The operator's view: reads jobs and the audit log. */
  let operator: Afterward;
  const outputs = () => `\n--- app:\n${app?.output()}\n--- afterward:\n${afterward?.run.output()}`;

  before(async () => {
    sink = await startSmtpSink();
    const [httpPort, appPort] = [await freePort(), await freePort()];
    origin = `http://127.0.0.1:${appPort}`;
    afterward = await startAllInOne('afterward-signup-', {
      HTTP_PORT: String(httpPort),
      TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('koa-signup'),
      SMTP_URL: sink.url,
      API_KEYS: `operator:tasks:admin,jobs:read,audit:read:${hashApiKey(operatorKey)};app:jobs:write,tasks:write,audit:write:${hashApiKey(appKey)}`,
      TASK_ALLOWED_ORIGINS: origin,
      TASK_SIGNING_SECRET: secret,
      TASK_TYPES_REFRESH_MS: '500',
      WORKER_SHUTDOWN_GRACE_MS: '1000',
    });
    operator = new Afterward({ baseUrl: afterward.api, apiKey: operatorKey });
    app = captured(
      spawn(process.execPath, ['--import', 'tsx', path.join('examples', 'koa-signup', 'server.ts')], {
        cwd: ROOT,
        env: {
          ...process.env,
          AFTERWARD_URL: afterward.api,
          AFTERWARD_API_KEY: appKey,
          TASK_SIGNING_SECRET: secret,
          PORT: String(appPort),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    await Promise.race([
      waitFor(() => app.output().includes('sign-up app on'), { timeoutMs: 60_000, what: `the app${outputs()}` }),
      app.exited.then((code) => assert.fail(`the app exited (${code}) before it listened${outputs()}`)),
    ]);
    // The README's registration of the task type.
    const registered = await fetch(`${afterward.api}/v1/task-types`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'signup.report', url: `${origin}/tasks/signup.report` }),
    });
    assert.equal(registered.status, 201, await registered.text());
  });
  after(async () => {
    if (app) await stopProcess(app, 'SIGTERM');
    if (afterward) {
      await stopProcess(afterward.run);
      fs.rmSync(afterward.dataDir, { recursive: true, force: true });
    }
    await sink?.close();
  });

  it('a sign-up sends the welcome email, records the audit event, and runs the report task through the app', async () => {
    const response = await fetch(`${origin}/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
    });
    const body = (await response.json()) as { userId: string; jobs: { welcome: string; report: string } };
    assert.equal(response.status, 201, JSON.stringify(body) + outputs());

    const welcome = await operator.jobs.wait(body.jobs.welcome, { timeout: '30s' });
    assert.equal(welcome.status, 'succeeded', JSON.stringify(welcome));
    const [message] = await sink.waitForMessages(1);
    assert.equal(message!.parsed.subject, 'Welcome, Ada');
    assert.deepEqual(message!.envelope.to, ['ada@example.com']);

    const report = await operator.jobs.wait(body.jobs.report, { timeout: '30s' });
    assert.equal(report.status, 'succeeded', JSON.stringify(report) + outputs());
    assert.deepEqual(report.result, { report: 'new user Ada <ada@example.com>', userId: body.userId });

    // The audit writer stores accepted events a moment later.
    const listed = await waitFor(
      async () => {
        const page = (await operator.audit.list({ resource: `user:${body.userId}` })) as {
          events: { action: string; actor: string }[];
        };
        return page.events.length > 0 && page.events;
      },
      { timeoutMs: 15_000, what: `the sign-up's audit event${outputs()}` },
    );
    assert.deepEqual(
      listed.map((e) => [e.action, e.actor]),
      [['user.signed_up', `user:${body.userId}`]],
    );
  });

  it('refuses a task call not signed with the task signing secret, and answers one that is', async () => {
    const call = JSON.stringify({
      type: 'signup.report',
      timestamp: new Date().toISOString(),
      data: { userId: 'u-1', email: 'eve@example.com', name: 'Eve' },
    });
    const genuine = await checkTaskRouteVerifies(`${origin}/tasks/signup.report`, call, secret);
    assert.equal(genuine.status, 200);
    assert.deepEqual(await genuine.json(), { report: 'new user Eve <eve@example.com>', userId: 'u-1' });
  });
});
