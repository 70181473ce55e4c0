import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { scheduledJobKinds } from '../../src/schedules/job-kinds';
import { applySchedules, loadSchedulesFile, type SchedulesFileDeps } from '../../src/schedules/schedules-file';
import { connectTestEnv, uniqueTaskQueue } from '../helpers/temporal';
import { emailJob, uniqueScheduleId } from './schedule-helpers';
import { startMain } from '../helpers/main-process';
import { waitFor } from '../helpers/wait-for';

const kinds = scheduledJobKinds(loadConfig({}));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-schedules-'));
let files = 0;

function writeFile(content: unknown): string {
  const file = path.join(dir, `schedules-${++files}.yaml`);
  fs.writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  return file;
}

const load = (file: string) => loadSchedulesFile({ file, required: true }, kinds)!;

describe('the schedules file', () => {
  let env: TestWorkflowEnvironment;
  let deps: SchedulesFileDeps;
  const taskQueue = uniqueTaskQueue('sched-file');
  const made: string[] = [];
  const entry = (id: string, extra: Record<string, unknown> = {}) => {
    made.push(id);
    return { id, cron: '0 9 * * 1-5', timezone: 'Europe/Berlin', job: emailJob(), ...extra };
  };
  const token = async (id: string) =>
    Buffer.from((await env.client.schedule.getHandle(id).describe()).raw.conflictToken!).toString('hex');

  before(async () => {
    env = await connectTestEnv();
    deps = { client: env.client, taskQueue, kinds, logger: createLogger('silent') };
  });
  after(async () => {
    for (const id of made)
      await env.client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    await env.teardown();
  });

  it('creates what is missing, then changes nothing when applied again: no update, same conflict token', async () => {
    const [a, b] = [uniqueScheduleId('file-a'), uniqueScheduleId('file-b')];
    const file = writeFile({
      schedules: [entry(a), entry(b, { cron: undefined, every: '15m', overlap: 'buffer_one', paused: true })],
    });
    assert.deepEqual(await applySchedules(deps, load(file)), {
      created: [a, b],
      updated: [],
      unchanged: [],
      pruned: [],
    });
    const before = [await token(a), await token(b)];

    assert.deepEqual(await applySchedules(deps, load(file)), {
      created: [],
      updated: [],
      unchanged: [a, b],
      pruned: [],
    });
    assert.deepEqual([await token(a), await token(b)], before, 'no update call reached Temporal');
    const described = await env.client.schedule.getHandle(b).describe();
    assert.equal(described.state.paused, true);
    assert.equal(described.memo?.managedBy, 'schedules-file');
  });

  it('updates a schedule whose entry changed, and keeps the pause an operator set', async () => {
    const id = uniqueScheduleId('file-change');
    await applySchedules(deps, load(writeFile({ schedules: [entry(id)] })));
    await env.client.schedule.getHandle(id).pause('incident 42');
    const before = await token(id);

    const report = await applySchedules(
      deps,
      load(writeFile({ schedules: [entry(id, { cron: '0 10 * * 1-5', job: emailJob({ subject: 'New digest' }) })] })),
    );
    assert.deepEqual(report.updated, [id]);
    assert.notEqual(await token(id), before);
    const described = await env.client.schedule.getHandle(id).describe();
    assert.equal(described.action.memo?.cron, '0 10 * * 1-5');
    assert.equal((described.action.args?.[0] as any).message.subject, 'New digest');
    assert.deepEqual(described.state, { paused: true, note: 'incident 42', remainingActions: undefined });
  });

  it('creates each schedule once when two instances apply the file at the same time', async () => {
    const id = uniqueScheduleId('file-race');
    const file = writeFile({ schedules: [entry(id)] });
    const other = await connectTestEnv();
    try {
      const reports = await Promise.all([
        applySchedules(deps, load(file)),
        applySchedules({ ...deps, client: other.client }, load(file)),
      ]);
      assert.deepEqual(
        reports.flatMap((r) => r.created),
        [id],
        'one instance created it',
      );
      assert.deepEqual(
        reports.flatMap((r) => r.updated),
        [],
        'the other found it equal',
      );
      assert.equal((await env.client.schedule.getHandle(id).describe()).info.numActionsTaken, 0);
    } finally {
      await other.teardown();
    }
  });

  it('deletes a schedule dropped from the file only with prune: true, and never one made through the API', async () => {
    // Its own deployment (task queue): pruning never reaches the schedules of the tests above, as it would not another deployment's.
    const own = { ...deps, taskQueue: uniqueTaskQueue('sched-prune') };
    const [kept, dropped, apiMade] = [
      uniqueScheduleId('file-kept'),
      uniqueScheduleId('file-dropped'),
      uniqueScheduleId('file-api'),
    ];
    await applySchedules(own, load(writeFile({ schedules: [entry(kept), entry(dropped)] })));
    made.push(apiMade);
    const action = { type: 'startWorkflow', workflowType: 'sendEmail', taskQueue: own.taskQueue, args: [] } as const;
    await env.client.schedule.create({
      scheduleId: apiMade,
      spec: { intervals: [{ every: '1h' }] },
      action,
      memo: { managedBy: 'api', taskQueue: own.taskQueue },
    });

    assert.deepEqual((await applySchedules(own, load(writeFile({ schedules: [entry(kept)] })))).pruned, []);
    await env.client.schedule.getHandle(dropped).describe();

    const pruning = load(writeFile({ prune: true, schedules: [entry(kept)] }));
    const pruned = await waitForPrune(() => applySchedules(own, pruning), dropped);
    assert.deepEqual(pruned, [dropped]);
    await env.client.schedule.getHandle(kept).describe();
    await env.client.schedule.getHandle(apiMade).describe();
    await env.client.schedule.getHandle(made[0]!).describe();
  });

  it('refuses to take over a schedule Afterward did not make', async () => {
    const id = uniqueScheduleId('file-foreign');
    made.push(id);
    await env.client.schedule.create({
      scheduleId: id,
      spec: { intervals: [{ every: '1h' }] },
      action: { type: 'startWorkflow', workflowType: 'someoneElses', taskQueue, args: [] },
    });
    await assert.rejects(
      applySchedules(deps, load(writeFile({ schedules: [entry(id)] }))),
      /exists in Temporal but was not made by Afterward/,
    );
    assert.equal(
      (await env.client.schedule.getHandle(id).describe()).action.workflowType,
      'someoneElses',
      'left as it was',
    );
  });

  it('refuses a bad file with one line naming the entry and the field', () => {
    const file = writeFile({
      schedules: [entry('fine'), { id: 'digest', every: '1h', job: emailJob({ to: ['not-an-address'] }) }],
    });
    assert.throws(() => load(file), {
      message: `schedules file ${file}: schedules[1] (digest) job.input.to[0]: must be an email address, optionally with a display name: "Name <address>"`,
    });
    assert.throws(
      () => load(writeFile({ schedules: [entry('twice'), entry('twice')] })),
      /schedule id twice is declared twice/,
    );
    assert.throws(() => load(writeFile('schedules: [oops')), /not valid YAML/);
    assert.throws(() => load(path.join(dir, 'missing.yaml')), /ENOENT/);
    assert.equal(
      loadSchedulesFile({ file: path.join(dir, 'missing.yaml'), required: false }, kinds),
      undefined,
      'the default file is optional',
    );
  });

  it('leaves a schedule of every kind unchanged when applied again', async () => {
    const webhook = { event: 'report.ready', payload: { report: 'daily' } };
    const audit = {
      actor: 'afterward:scheduler',
      action: 'retention.checked',
      resource: 'retention:nightly',
      detail: { policy: '90d' },
    };
    const jobs = [
      { kind: 'webhook', input: { ...webhook, headers: { 'x-source': 'afterward' }, tags: ['reports'], priority: 2 } },
      { kind: 'audit', input: audit },
      { kind: 'ping', input: {} },
      {
        kind: 'sequence',
        input: {
          steps: [
            { type: 'email', input: { to: ['ada@example.com'], subject: 'Digest', text: 'Hi' } },
            { type: 'wait', input: { delay: '90s' } },
            { type: 'webhook', continueOnError: true, input: { ...webhook, endpointId: 'ep_any' } },
            { type: 'audit', input: audit },
            { type: 'ping', input: {} },
          ],
        },
      },
    ];
    const ids = jobs.map((job) => uniqueScheduleId(`file-${job.kind}`));
    const file = writeFile({ schedules: jobs.map((job, i) => entry(ids[i]!, { job })) });
    assert.deepEqual(await applySchedules(deps, load(file)), { created: ids, updated: [], unchanged: [], pruned: [] });
    assert.deepEqual(await applySchedules(deps, load(file)), { created: [], updated: [], unchanged: ids, pruned: [] });
  });

  it('accepts the committed example', () => {
    const example = load(path.resolve(__dirname, '../../schedules.example.yaml'));
    assert.deepEqual(
      example.schedules.map((s) => s.id),
      ['weekday-digest', 'rates-sync-report', 'nightly-retention-check'],
    );
  });

  it('stops the process at start-up with that line', async () => {
    const file = writeFile({ schedules: [{ id: 'nightly', cron: '0 25 * * *', job: emailJob() }] });
    const run = await startMain({ AFTERWARD_ROLE: 'api', SCHEDULES_FILE: file });
    const code = await run.exited;
    const output = run.output();
    assert.equal(code, 1);
    assert.deepEqual(output.trim().split('\n'), [
      `schedules file ${file}: schedules[0] (nightly) cron: Constraint error, got value 25 expected range 0-23`,
    ]);
  });
});

/** Listing schedules is eventually consistent: a just-created schedule may take a moment to be listed. */
function waitForPrune(apply: () => Promise<{ pruned: string[] }>, id: string): Promise<string[]> {
  return waitFor(
    async () => {
      const { pruned } = await apply();
      return pruned.includes(id) && pruned;
    },
    { intervalMs: 200, what: `${id} to be pruned` },
  );
}
