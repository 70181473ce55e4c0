import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { EMPTY_ALLOW_LIST } from '../../activities/webhooks/ssrf-policy';
import { countOpenTaskJobs } from '../../src/tasks/open-task-jobs';
import { JOB_KIND, TASK_TYPE } from '../../workflows/shared/search-attributes';
import { startTestApi } from '../helpers/api';
import { APP_ORIGIN, TASKS, type TaskTypesStack, startTaskTypesStack } from '../helpers/task-types-stack';
import { waitFor } from '../helpers/wait-for';

let names = 0;
const uniqueName = (base: string) => `${base}-${++names}`;

describe('the task types API', () => {
  let stack: TaskTypesStack;
  before(async () => {
    stack = await startTaskTypesStack('task-types');
  });
  after(() => stack.close());

  it('creates a type with the default policy, shows durations as text, and lists, gets and deletes it', async () => {
    const name = uniqueName('resize');
    const created = await stack.request('POST', '/v1/task-types', { name, url: `${APP_ORIGIN}/tasks/resize` });
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), `/v1/task-types/${name}`);
    const { createdAt, updatedAt, ...shown } = created.body;
    assert.deepEqual(shown, {
      name,
      url: `${APP_ORIGIN}/tasks/resize`,
      timeout: '1m',
      retry: { maxAttempts: 5, initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '10m' },
      heartbeatTimeout: null,
      ratePerSecond: null,
      concurrency: null,
      description: null,
    });
    assert.equal(createdAt, updatedAt);
    assert.deepEqual((await stack.request('GET', `/v1/task-types/${name}`)).body, created.body);
    assert.deepEqual(
      (await stack.request('GET', '/v1/task-types')).body.taskTypes.find((t: any) => t.name === name),
      created.body,
    );

    assert.equal((await stack.request('DELETE', `/v1/task-types/${name}`)).status, 204);
    assert.equal((await stack.request('GET', `/v1/task-types/${name}`)).status, 404);
    assert.equal((await stack.request('DELETE', `/v1/task-types/${name}`)).status, 404);
    assert.equal((await stack.request('PATCH', `/v1/task-types/${name}`, { timeout: '5s' })).status, 404);
  });

  it('takes every setting, ISO 8601 durations too, and answers them in the form it accepts back', async () => {
    const name = uniqueName('report');
    const body = {
      name,
      url: 'https://app.example.com/tasks/report',
      timeout: 'PT15M',
      heartbeatTimeout: '90s',
      retry: { maxAttempts: 3, initialInterval: '500ms', backoffCoefficient: 1.5, maximumInterval: 'PT1H' },
      ratePerSecond: 0.5,
      concurrency: 4,
      description: 'monthly reports',
    };
    const created = await stack.request('POST', '/v1/task-types', body);
    assert.equal(created.status, 201);
    assert.deepEqual(
      [created.body.timeout, created.body.heartbeatTimeout, created.body.retry],
      ['15m', '90s', { maxAttempts: 3, initialInterval: '500ms', backoffCoefficient: 1.5, maximumInterval: '1h' }],
    );
    assert.deepEqual(
      [created.body.ratePerSecond, created.body.concurrency, created.body.description],
      [0.5, 4, 'monthly reports'],
    );
    assert.deepEqual((await stack.store.taskTypes.get(name))?.retry, {
      maxAttempts: 3,
      initialIntervalMs: 500,
      backoffCoefficient: 1.5,
      maximumIntervalMs: 3_600_000,
    });

    const again = await stack.request('POST', '/v1/task-types', { name, url: `${APP_ORIGIN}/other` });
    assert.equal(again.status, 409);
    assert.match(again.body.detail, new RegExp(`${name} exists already`));
    assert.equal(
      (await stack.request('GET', `/v1/task-types/${name}`)).body.url,
      body.url,
      'the refused create changed nothing',
    );
  });

  it('changes a type as a merge patch: a field, part of the retry policy, null clears, the result validated whole', async () => {
    const name = uniqueName('patch');
    await stack.request('POST', '/v1/task-types', {
      name,
      url: `${APP_ORIGIN}/a`,
      heartbeatTimeout: '30s',
      concurrency: 2,
      description: 'x',
    });
    const patched = await stack.request('PATCH', `/v1/task-types/${name}`, {
      timeout: '2m',
      retry: { maxAttempts: 8 },
      concurrency: null,
      description: 'y',
    });
    assert.equal(patched.status, 200);
    assert.deepEqual(
      [
        patched.body.timeout,
        patched.body.retry,
        patched.body.heartbeatTimeout,
        patched.body.concurrency,
        patched.body.description,
      ],
      [
        '2m',
        { maxAttempts: 8, initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '10m' },
        '30s',
        null,
        'y',
      ],
    );
    assert.equal((await stack.store.taskTypes.get(name))?.concurrency, undefined);

    const tooShort = await stack.request('PATCH', `/v1/task-types/${name}`, { timeout: '10s' });
    assert.deepEqual(
      [tooShort.status, tooShort.body.errors.map((e: any) => e.field)],
      [400, ['heartbeatTimeout']],
      'the kept heartbeat is longer than the new timeout',
    );
    const renamed = await stack.request('PATCH', `/v1/task-types/${name}`, { name: 'other' });
    assert.deepEqual([renamed.status, renamed.body.errors[0].field], [400, 'name']);
    const unknown = await stack.request('PATCH', `/v1/task-types/${name}`, { colour: 'red' });
    assert.deepEqual([unknown.status, unknown.body.errors[0].field], [400, 'colour']);
    assert.equal(
      (await stack.request('GET', `/v1/task-types/${name}`)).body.timeout,
      '2m',
      'refused patches changed nothing',
    );
  });

  it('refuses bad input with a 400 naming each field', async () => {
    const bad = await stack.request('POST', '/v1/task-types', {
      name: '9lives',
      url: 'https://elsewhere.example.com/x',
      timeout: '0s',
      heartbeatTimeout: 'soon',
      retry: { maxAttempts: 0, initialInterval: 'x', backoffCoefficient: 11, maximumInterval: '2d', jitter: true },
      ratePerSecond: 0,
      concurrency: 1.5,
      description: 'd'.repeat(501),
      extra: 1,
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.errors.map((e: any) => e.field).sort(), [
      'concurrency',
      'description',
      'extra',
      'heartbeatTimeout',
      'name',
      'ratePerSecond',
      'retry.backoffCoefficient',
      'retry.initialInterval',
      'retry.jitter',
      'retry.maxAttempts',
      'retry.maximumInterval',
      'timeout',
      'url',
    ]);
    const message = (field: string) => bad.body.errors.find((e: any) => e.field === field).message;
    assert.match(
      message('url'),
      /is not under an allowed origin \(TASK_ALLOWED_ORIGINS: http:\/\/127\.0\.0\.1:8000, https:\/\/app\.example\.com\)/,
    );
    assert.match(message('timeout'), /from 1s to 24h/);
    assert.match(message('heartbeatTimeout'), /must be a duration/);

    const inverted = await stack.request('POST', '/v1/task-types', {
      name: uniqueName('inv'),
      url: `${APP_ORIGIN}/x`,
      retry: { initialInterval: '5m', maximumInterval: '1m' },
    });
    assert.deepEqual(
      [inverted.status, inverted.body.errors.map((e: any) => e.field)],
      [400, ['retry.maximumInterval']],
    );
    const longHeartbeat = await stack.request('POST', '/v1/task-types', {
      name: uniqueName('hb'),
      url: `${APP_ORIGIN}/x`,
      timeout: '30s',
      heartbeatTimeout: '31s',
    });
    assert.deepEqual(
      [longHeartbeat.status, longHeartbeat.body.errors.map((e: any) => e.field)],
      [400, ['heartbeatTimeout']],
    );
    const credentials = await stack.request('POST', '/v1/task-types', {
      name: uniqueName('cred'),
      url: 'http://user:pw@127.0.0.1:8000/x',
    });
    assert.deepEqual([credentials.status, credentials.body.errors.map((e: any) => e.field)], [400, ['url']]);
  });

  it('says how to allow an origin when TASK_ALLOWED_ORIGINS is unset', async () => {
    const bare = await startTestApi(stack.env.client, stack.taskQueue, {
      tasks: { ...TASKS, allowedOrigins: [], allowList: EMPTY_ALLOW_LIST },
    });
    try {
      const refused = await bare.request('POST', '/v1/task-types', { name: 'resize', url: `${APP_ORIGIN}/x` });
      assert.deepEqual([refused.status, refused.body.errors[0].field], [400, 'url']);
      assert.match(refused.body.errors[0].message, /set TASK_ALLOWED_ORIGINS to the origins of your apps/);
    } finally {
      await bare.close();
    }
  });

  it('refuses to delete a type while a job of it runs, and deletes it once none does', async () => {
    const name = uniqueName('busy');
    await stack.request('POST', '/v1/task-types', { name, url: `${APP_ORIGIN}/busy` });
    // Any workflow tagged as a job of the type will do; the start delay holds it open with no worker needed.
    const handle = await stack.env.client.workflow.start('ping', {
      taskQueue: stack.taskQueue,
      workflowId: `task-${randomUUID()}`,
      args: [{ message: 'held' }],
      startDelay: '1h',
      typedSearchAttributes: [
        { key: JOB_KIND, value: 'task' },
        { key: TASK_TYPE, value: name },
      ],
    });
    try {
      await waitFor(async () => (await countOpenTaskJobs(stack.env.client, stack.taskQueue, name)) === 1, {
        what: 'the job in visibility',
      });
      assert.equal(await countOpenTaskJobs(stack.env.client, stack.taskQueue, `${name}-other`), 0, 'counted by type');
      const refused = await stack.request('DELETE', `/v1/task-types/${name}`);
      assert.deepEqual([refused.status, refused.body.runningJobs], [409, 1]);
      assert.match(refused.body.detail, /has 1 running job: let them finish or cancel them/);
      assert.equal((await stack.request('GET', `/v1/task-types/${name}`)).status, 200, 'still there');
    } finally {
      await handle.terminate('test done');
    }
    await waitFor(async () => (await countOpenTaskJobs(stack.env.client, stack.taskQueue, name)) === 0, {
      what: 'the job closed in visibility',
    });
    assert.equal((await stack.request('DELETE', `/v1/task-types/${name}`)).status, 204);
  });

  it('records every change in the audit log, by the acting key, without the URL', async () => {
    const name = uniqueName('audited');
    await stack.request('POST', '/v1/task-types', { name, url: `${APP_ORIGIN}/t0k3n` });
    await stack.request('PATCH', `/v1/task-types/${name}`, { concurrency: 3 });
    await stack.request('DELETE', `/v1/task-types/${name}`);
    const events = await stack.auditEvents(`task-type:${name}`, 3);
    assert.deepEqual(events.map((e) => e.action).sort(), [
      'task-type.created',
      'task-type.deleted',
      'task-type.updated',
    ]);
    assert.ok(events.every((e) => e.actor === 'admin'));
    assert.deepEqual((events.find((e) => e.action === 'task-type.updated')!.detail as any).fields, ['concurrency']);
    assert.doesNotMatch(JSON.stringify(events), /t0k3n/);
  });

  it('answers 403 to a key without tasks:admin on every task type and signing secret route', async () => {
    const name = uniqueName('guarded');
    await stack.request('POST', '/v1/task-types', { name, url: `${APP_ORIGIN}/x` });
    const routes: [string, string, unknown?][] = [
      ['POST', '/v1/task-types', { name: uniqueName('nope'), url: `${APP_ORIGIN}/x` }],
      ['GET', '/v1/task-types'],
      ['GET', `/v1/task-types/${name}`],
      ['PATCH', `/v1/task-types/${name}`, { concurrency: 1 }],
      ['DELETE', `/v1/task-types/${name}`],
      ['GET', '/v1/task-signing-secret'],
      ['POST', '/v1/task-signing-secret/rotate', {}],
    ];
    for (const [method, path, body] of routes) {
      const refused = await stack.request(method, path, body, 'other');
      assert.equal(refused.status, 403, `${method} ${path}`);
      assert.match(refused.body.detail, /tasks:admin/);
    }
    assert.equal((await stack.request('GET', `/v1/task-types/${name}`)).body.concurrency, null, 'nothing changed');
  });
});
