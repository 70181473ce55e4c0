import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, afterEach, before, describe, it } from 'node:test';
import { ScheduleNotFoundError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { encodeCursor } from '../../src/jobs/list-cursor';
import { cronFireTimes } from '../../src/schedules/schedule-spec';
import { type TestApi, startTestApi } from '../helpers/api';
import { connectTestEnv, uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';
import { waitFor } from '../helpers/wait-for';
import { emailJob, schedulePages, scheduleTracker, uniqueScheduleId } from './schedule-helpers';

const fields = (body: any): string[] => body.errors.map((e: { field: string }) => e.field).sort();
const newYorkClock = (iso: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

describe('the schedules API', () => {
  let env: TestWorkflowEnvironment;
  let api: TestApi;
  let schedules: ReturnType<typeof scheduleTracker>;
  const taskQueue = uniqueTaskQueue('sched-api');

  before(async () => {
    env = await connectTestEnv();
    api = await startTestApi(env.client, taskQueue);
    schedules = scheduleTracker(api);
  });
  afterEach(() => schedules.deleteAll());
  after(async () => {
    await api.close();
    await env.teardown();
  });

  it('refuses bad input with a 400 naming each field, and creates nothing', async () => {
    const id = uniqueScheduleId('bad');
    const cases: [string, unknown, string[]][] = [
      ['an invalid cron', { id, cron: '61 9 * * *', job: emailJob() }, ['cron']],
      ['a cron with 6 fields', { id, cron: '0 0 9 * * *', job: emailJob() }, ['cron']],
      ['a cron extension Temporal lacks', { id, cron: '0 9 L * *', job: emailJob() }, ['cron']],
      ['both day of month and day of week', { id, cron: '0 9 1 * MON', job: emailJob() }, ['cron']],
      ['an unknown time zone', { id, cron: '0 9 * * *', timezone: 'Mars/Olympus_Mons', job: emailJob() }, ['timezone']],
      ['neither cron nor every', { id, job: emailJob() }, ['cron']],
      ['an unparseable every', { id, every: 'often', job: emailJob() }, ['every']],
      ['an offset longer than every', { id, every: '1m', offset: '2m', job: emailJob() }, ['offset']],
      ['a catch-up window under 10 s', { id, every: '1m', catchupWindow: '5s', job: emailJob() }, ['catchupWindow']],
      ['an unknown overlap policy', { id, every: '1m', overlap: 'queue', job: emailJob() }, ['overlap']],
      ['an unsafe id', { id: 'a/b c', every: '1m', job: emailJob() }, ['id']],
      ['an unknown job kind', { id, every: '1m', job: { kind: 'fax', input: {} } }, ['job.kind']],
      [
        'an email the email endpoint would refuse',
        { id, every: '1m', job: emailJob({ to: ['nobody'] }) },
        ['job.input.to[0]'],
      ],
      [
        'a send time, which the schedule decides',
        { id, every: '1m', job: emailJob({ delay: '1h' }) },
        ['job.input.delay'],
      ],
      ['an unknown field', { id, every: '1m', job: emailJob(), priority: 1 }, ['priority']],
    ];
    for (const [what, body, expected] of cases) {
      const r = await schedules.create(body as Record<string, unknown>);
      assert.equal(r.status, 400, what);
      assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/, what);
      assert.deepEqual(fields(r.body), expected, what);
    }
    await assert.rejects(
      env.client.schedule.getHandle(id).describe(),
      ScheduleNotFoundError,
      'no schedule was created',
    );
  });

  it('shows the definition with safe defaults, and answers 409 for an existing id and 404 for an unknown one', async () => {
    const id = uniqueScheduleId('defaults');
    const created = await schedules.create({
      id,
      cron: '0 9 * * 1-5',
      timezone: 'america/new_york',
      job: emailJob({ tags: ['digest'] }),
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const view = created.body;
    assert.equal(view.cron, '0 9 * * 1-5');
    assert.equal(view.timezone, 'America/New_York');
    assert.equal(view.overlap, 'skip');
    assert.equal(view.catchupWindow, '1d', 'about one interval, not a year');
    assert.equal(view.jitter, '0s');
    assert.equal(view.paused, false);
    assert.equal(view.managedBy, 'api');
    assert.deepEqual(view.job, emailJob({ tags: ['digest'] }));
    assert.equal(view.nextRuns.length, 5);
    assert.deepEqual(view.fires, { taken: 0, skippedOverlap: 0, missedCatchupWindow: 0, withoutRun: [] });
    assert.match(view.links.temporalUi, new RegExp(`^http://ui.test/namespaces/default/schedules/${id}$`));

    const described = await env.client.schedule.getHandle(id).describe();
    assert.equal(described.policies.overlap, 'SKIP');
    assert.equal(described.policies.catchupWindow, 86_400_000);
    assert.equal(described.action.workflowId, `email-sched-${id}`);
    assert.equal(described.action.taskQueue, taskQueue);

    assert.equal((await schedules.create({ id, every: '1m', job: emailJob() })).status, 409);
    const missing = uniqueScheduleId('missing');
    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/pause'],
      ['POST', '/trigger'],
    ] as const) {
      const r = await api.request(
        method,
        `/v1/schedules/${missing}${path}`,
        method === 'GET' || method === 'DELETE' ? undefined : {},
      );
      assert.equal(r.status, 404, `${method} ${path}`);
    }
  });

  it('changes a schedule with PATCH, validated like a create', async () => {
    const id = uniqueScheduleId('patch');
    await schedules.create({ id, every: '1h', job: emailJob() });
    const bad = await api.request('PATCH', `/v1/schedules/${id}`, {
      cron: 'every day',
      job: emailJob({ subject: '' }),
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(fields(bad.body), ['cron', 'job.input.subject']);
    assert.equal((await api.request('GET', `/v1/schedules/${id}`)).body.every, '1h', 'unchanged after a bad PATCH');

    const patched = await api.request('PATCH', `/v1/schedules/${id}`, {
      cron: '30 6 * * *',
      overlap: 'buffer_one',
      note: 'moved',
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.cron, '30 6 * * *');
    assert.equal(patched.body.every, undefined, 'cron replaces every');
    assert.equal(patched.body.catchupWindow, '1d', 'a default catch-up window follows the new spec');
    assert.equal(patched.body.overlap, 'buffer_one');
    assert.equal(patched.body.note, 'moved');
    assert.equal(patched.body.job.input.subject, 'Digest', 'the job is kept');
    assert.ok(patched.body.nextRuns.every((t: string) => t.endsWith('T06:30:00.000Z')));
  });

  it('takes next run times from Temporal that follow New York daylight saving time', async () => {
    const spring = uniqueScheduleId('dst-spring');
    const fall = uniqueScheduleId('dst-fall');
    const s = await schedules.create({
      id: spring,
      cron: '0 9 * * *',
      timezone: 'America/New_York',
      startAt: '2027-03-12T00:00:00Z',
      job: emailJob(),
    });
    const f = await schedules.create({
      id: fall,
      cron: '0 9 * * *',
      timezone: 'America/New_York',
      startAt: '2027-11-05T00:00:00Z',
      job: emailJob(),
    });
    // Clocks go forward on 2027-03-14 (EST → EDT) and back on 2027-11-07 (EDT → EST).
    assert.deepEqual(s.body.nextRuns, [
      '2027-03-12T14:00:00.000Z',
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
      '2027-03-16T13:00:00.000Z',
    ]);
    assert.deepEqual(f.body.nextRuns, [
      '2027-11-05T13:00:00.000Z',
      '2027-11-06T13:00:00.000Z',
      '2027-11-07T14:00:00.000Z',
      '2027-11-08T14:00:00.000Z',
      '2027-11-09T14:00:00.000Z',
    ]);
    for (const time of [...s.body.nextRuns, ...f.body.nextRuns])
      assert.equal(newYorkClock(time), '09:00', `${time} is 9:00 in New York`);
    const ours = (from: string) =>
      cronFireTimes('0 9 * * *', 'America/New_York', new Date(from), 5).map((t) => t.toISOString());
    assert.deepEqual(
      [ours('2027-03-11T23:59:59Z'), ours('2027-11-04T23:59:59Z')],
      [s.body.nextRuns, f.body.nextRuns],
      'cron-parser (behind the default catch-up window) agrees with Temporal',
    );
  });

  it('lists its schedules, and Temporal shows them to `temporal schedule list` and `describe`', async () => {
    const id = uniqueScheduleId('listed');
    await schedules.create({ id, every: '1h', job: emailJob() });
    const listed = await waitFor(
      async () => (await api.request('GET', '/v1/schedules?limit=1000')).body.schedules.find((s: any) => s.id === id),
      { what: `${id} in GET /v1/schedules` },
    );
    assert.equal(listed.managedBy, 'api');
    assert.equal(listed.links.self, `http://api.test/v1/schedules/${id}`);

    const cli = testEnv('AFTERWARD_TEST_TEMPORAL_CLI');
    const address = testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS');
    await waitFor(
      () => execFileSync(cli, ['schedule', 'list', '--address', address], { encoding: 'utf8' }).includes(id),
      { what: `${id} in temporal schedule list` },
    );
    const described = JSON.parse(
      execFileSync(cli, ['schedule', 'describe', '--address', address, '--schedule-id', id, '--output', 'json'], {
        encoding: 'utf8',
      }),
    );
    assert.equal(described.schedule.action.startWorkflow.workflowType.name, 'sendEmail');

    assert.equal((await api.request('DELETE', `/v1/schedules/${id}`)).status, 204);
    assert.equal((await api.request('GET', `/v1/schedules/${id}`)).status, 404);
  });

  it('pages through its schedules with limit and cursor, each exactly once, and refuses a bad limit or a tampered cursor', async () => {
    const prefix = uniqueScheduleId('paged');
    const ids = Array.from({ length: 7 }, (_, i) => `${prefix}-${i}`);
    for (const id of ids) assert.equal((await schedules.create({ id, every: '1h', job: emailJob() })).status, 201);
    // Temporal's schedule list is eventually consistent: page only once it lists all seven.
    await waitFor(
      async () => (await schedulePages(api, 1000)).flat().filter((id) => id.startsWith(prefix)).length === 7,
      { timeoutMs: 20_000, intervalMs: 250, what: 'the 7 schedules in GET /v1/schedules' },
    );

    const pages = await schedulePages(api, 3);
    assert.ok(
      pages.every((page) => page.length <= 3),
      JSON.stringify(pages),
    );
    assert.ok(pages.length >= 3, '7 schedules take at least 3 pages of 3');
    const mine = pages.flat().filter((id) => id.startsWith(prefix));
    assert.deepEqual(mine.sort(), [...ids].sort(), 'each of the 7 exactly once across the pages');

    const first = await api.request('GET', '/v1/schedules?limit=3');
    assert.equal(first.status, 200);
    const cursor: string = first.body.nextCursor;
    assert.ok(cursor, 'a first page of 3 has a next page');
    const [token, check] = cursor.split('.') as [string, string];
    // The first character: the last one of unpadded base64 may carry only unused bits.
    const flipped = (text: string) => `${text.startsWith('A') ? 'B' : 'A'}${text.slice(1)}`;
    for (const [what, query] of [
      ['a tampered page token', `limit=3&cursor=${flipped(token)}.${check}`],
      ['a tampered digest', `limit=3&cursor=${token}.${flipped(check)}`],
      [
        'a cursor of another listing',
        `limit=3&cursor=${encodeCursor('another query', Buffer.from(token, 'base64url'))}`,
      ],
      ['garbage', 'cursor=%24%24'],
    ]) {
      const r = await api.request('GET', `/v1/schedules?${query}`);
      assert.equal(r.status, 400, what);
      assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/, what);
      assert.deepEqual(fields(r.body), ['cursor'], what);
    }
    for (const limit of ['0', '1001', '2.5', 'many']) {
      const r = await api.request('GET', `/v1/schedules?limit=${limit}`);
      assert.equal(r.status, 400, limit);
      assert.deepEqual(fields(r.body), ['limit'], limit);
    }
  });
});
