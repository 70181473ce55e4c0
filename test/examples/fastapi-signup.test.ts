// examples/fastapi-signup, run as its README says (uvicorn in the examples' virtualenv, its task-types.yaml as
// Afterward's TASK_TYPES_FILE), against the real Afterward process on the run's dev server, mailing a real SMTP sink.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateSecret } from '../../activities/webhooks/signature';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import { freePort } from '../helpers/free-port';
import { captured, type RunningProcess, startAllInOne, stopProcess } from '../helpers/main-process';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';
import { checkTaskRouteVerifies } from '../helpers/task-route-check';
import { waitFor } from '../helpers/wait-for';
import { examplePython } from './python-venv';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const EXAMPLE = path.join(EXAMPLES, 'fastapi-signup');
/** The origin the example's task-types.yaml names: the README runs the app there. */
const README_ORIGIN = 'http://127.0.0.1:8000';
/** The scopes the app's key holds, as main.py lists them: the test proves they are enough. */
const APP_SCOPES = 'jobs:write,audit:write,tasks:write,jobs:read,audit:read';

describe('the FastAPI signup example', () => {
  const secret = generateSecret();
  const [operatorKey, appKey] = [newApiKey(), newApiKey()];
  let afterward: Awaited<ReturnType<typeof startAllInOne>>;
  let app: RunningProcess;
  let sink: SmtpSink;
  let origin: string;
  let taskTypesFile: string;
  const outputs = () => `\n--- app:\n${app?.output()}\n--- afterward:\n${afterward?.run.output()}`;

  const call = async (
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  ) => {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };
  const afterwardApi = (pathAndQuery: string) =>
    call(`${afterward.api}${pathAndQuery}`, { headers: { authorization: `Bearer ${operatorKey}` } });
  const signup = (key: string, body: { name: string; email: string }) =>
    call(`${origin}/signup`, { method: 'POST', headers: { 'idempotency-key': key }, body });
  const auditEventsOf = async (signupId: string) =>
    (await afterwardApi(`/v1/audit-events?resource=${encodeURIComponent(`user:${signupId}`)}`)).body.events;
  const mailTo = (address: string) => sink.messages.filter((m) => m.envelope.to.includes(address));

  before(async () => {
    const python = await examplePython('fastapi-signup');
    sink = await startSmtpSink();
    const [httpPort, appPort] = [await freePort(), await freePort()];
    origin = `http://127.0.0.1:${appPort}`;
    // The example's own file, pointed at the port this run's app listens on.
    taskTypesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-signup-')), 'task-types.yaml');
    const readme = fs.readFileSync(path.join(EXAMPLE, 'task-types.yaml'), 'utf8');
    assert.ok(readme.includes(`${README_ORIGIN}/tasks/signup.report`), 'the task type calls the README origin');
    fs.writeFileSync(taskTypesFile, readme.replaceAll(README_ORIGIN, origin));

    app = captured(
      spawn(python, ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', String(appPort)], {
        cwd: EXAMPLE,
        env: {
          ...process.env,
          AFTERWARD_URL: `http://127.0.0.1:${httpPort}`,
          AFTERWARD_API_KEY: appKey,
          TASK_SIGNING_SECRET: secret,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    afterward = await startAllInOne('afterward-signup-', {
      HTTP_PORT: String(httpPort),
      TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('fastapi-signup'),
      API_KEYS: `operator:jobs:read,audit:read:${hashApiKey(operatorKey)};app:${APP_SCOPES}:${hashApiKey(appKey)}`,
      TASK_ALLOWED_ORIGINS: origin,
      TASK_TYPES_FILE: taskTypesFile,
      TASK_SIGNING_SECRET: secret,
      SMTP_URL: sink.url,
      WORKER_SHUTDOWN_GRACE_MS: '1000',
    });
    const listening = waitFor(
      async () => (await fetch(`${origin}/openapi.json`).catch(() => undefined))?.status === 200,
      { timeoutMs: 60_000, what: `the app to listen${outputs()}` },
    );
    await Promise.race([
      listening,
      app.exited.then((code) => assert.fail(`the app exited (${code}) before it listened${outputs()}`)),
    ]);
  });
  after(async () => {
    if (app) await stopProcess(app, 'SIGTERM');
    if (afterward) {
      await stopProcess(afterward.run);
      fs.rmSync(afterward.dataDir, { recursive: true, force: true });
    }
    if (taskTypesFile) fs.rmSync(path.dirname(taskTypesFile), { recursive: true, force: true });
    await sink?.close();
  });

  it('pins what examples/fastapi-tasks pins, so one virtualenv (.ci/run makes it) runs both', () => {
    const pins = (example: string) => fs.readFileSync(path.join(EXAMPLES, example, 'requirements.txt'), 'utf8');
    assert.equal(pins('fastapi-signup'), pins('fastapi-tasks'));
  });

  it("verifies the task route's calls: unsigned, foreign or altered ones are a 401, Afterward's are answered", async () => {
    const body = JSON.stringify({
      type: 'signup.report',
      timestamp: new Date().toISOString(),
      data: { signupId: 'check', name: 'Check', email: 'check@example.org' },
    });
    const answered = await checkTaskRouteVerifies(`${origin}/tasks/signup.report`, body, secret);
    assert.equal(answered.status, 200);
    assert.deepEqual(await answered.json(), { signupId: 'check', name: 'Check', emailDomain: 'example.org' });
  });

  it('signs Ada up: the welcome email reaches her, the audit event is recorded, the report task succeeds with what the app answered', async () => {
    const created = await signup('ada-1', { name: 'Ada Lovelace', email: 'ada@example.com' });
    assert.equal(created.status, 201, JSON.stringify(created.body) + outputs());
    const { signupId, emailJobId, auditEventId, reportJobId } = created.body;
    assert.equal(signupId, 'ada-1');
    assert.match(emailJobId, /^email-/);
    assert.match(reportJobId, /^task-/);

    const status = await call(`${origin}/signup/ada-1/status`);
    assert.equal(status.status, 200, JSON.stringify(status.body) + outputs());
    assert.deepEqual(status.body.welcomeEmail, { id: emailJobId, status: 'succeeded' }, outputs());
    const report = { signupId: 'ada-1', name: 'Ada Lovelace', emailDomain: 'example.com' };
    assert.deepEqual(status.body.report, { id: reportJobId, status: 'succeeded', result: report }, outputs());

    const [mail] = mailTo('ada@example.com');
    assert.ok(mail, `no mail to ada@example.com; the sink holds ${sink.messages.length}`);
    assert.equal(mail.parsed.subject, 'Welcome, Ada Lovelace');
    assert.match(mail.parsed.text ?? '', /Hello Ada Lovelace/);

    const task = (await afterwardApi(`/v1/jobs/${reportJobId}`)).body;
    assert.equal(task.status, 'succeeded', JSON.stringify(task));
    assert.deepEqual(task.result, report);
    assert.equal(task.attempts, 1);

    const [event] = await waitFor(
      async () => {
        const events = await auditEventsOf('ada-1');
        return events.length > 0 && events;
      },
      { timeoutMs: 15_000, what: `the audit event of signup ada-1${outputs()}` },
    );
    assert.equal(event.id, auditEventId);
    assert.equal(event.action, 'user.signed_up');
    assert.equal(event.actor, 'user:ada-1');
    assert.deepEqual(event.detail, { email: 'ada@example.com' });
    assert.equal((await call(`${origin}/signup/ada-1/status`)).body.auditEvent.recorded, true);
  });

  it('answers a repeated signup with the same Idempotency-Key with the same ids, and sends one email; another key is another signup', async () => {
    const grace = { name: 'Grace Hopper', email: 'grace@example.com' };
    const first = await signup('grace-1', grace);
    assert.equal(first.status, 201, JSON.stringify(first.body) + outputs());
    const again = await signup('grace-1', grace);
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.deepEqual(again.body, first.body);
    const other = await signup('grace-2', grace);
    assert.equal(other.status, 201, JSON.stringify(other.body));
    assert.notEqual(other.body.emailJobId, first.body.emailJobId);

    for (const key of ['grace-1', 'grace-2']) {
      const status = (await call(`${origin}/signup/${key}/status`)).body;
      assert.equal(status.welcomeEmail.status, 'succeeded', JSON.stringify(status) + outputs());
    }
    // Both jobs have closed: every email they will ever send has been sent. One for each key, none for the repeat.
    assert.equal(mailTo('grace@example.com').length, 2);
    // An audit event's id is recorded once for good, so a second row could only come from a second id.
    const events = await waitFor(
      async () => {
        const recorded = await auditEventsOf('grace-1');
        return recorded.length > 0 && recorded;
      },
      { timeoutMs: 15_000, what: `the audit event of signup grace-1${outputs()}` },
    );
    assert.deepEqual(
      events.map((e: { id: string }) => e.id),
      [first.body.auditEventId],
    );

    const reused = await signup('grace-1', { ...grace, name: 'Grace B. Hopper' });
    assert.equal(reused.status, 409, JSON.stringify(reused.body));
  });
});
