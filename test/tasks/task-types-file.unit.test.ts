import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { applyTaskTypes, loadTaskTypesFile } from '../../src/tasks/task-types-file';
import { openTestStore } from '../helpers/audit-stack';
import { APP_ORIGIN, TASKS } from '../helpers/task-types-stack';
import { startMain } from '../helpers/main-process';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-task-types-'));
let files = 0;

function writeFile(content: unknown): string {
  const file = path.join(dir, `task-types-${++files}.yaml`);
  fs.writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  return file;
}

const load = (file: string, tasks = TASKS) => loadTaskTypesFile({ ...tasks, typesFile: { file, required: true } })!;
const entry = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  url: `${APP_ORIGIN}/tasks/${name}`,
  ...extra,
});

async function freshStore(t: TestContext) {
  const store = await openTestStore('SQLite');
  t.after(() => store.close());
  return { store, deps: { store: store.taskTypes, logger: createLogger('silent') } };
}

describe('the task types file', () => {
  it('creates what is missing, leaves equal types alone, replaces changed ones, and never touches others', async (t) => {
    const { store, deps } = await freshStore(t);
    const own = await store.taskTypes.create('made-by-api', {
      url: `${APP_ORIGIN}/api`,
      timeoutMs: 5000,
      retry: { maxAttempts: 1, initialIntervalMs: 1000, backoffCoefficient: 1, maximumIntervalMs: 1000 },
    });
    const file = writeFile({
      taskTypes: [
        entry('resize', { concurrency: 2, description: 'thumbnails' }),
        entry('report', { timeout: '30m', retry: { maxAttempts: 3 } }),
      ],
    });
    assert.deepEqual(await applyTaskTypes(deps, load(file)), {
      created: ['resize', 'report'],
      updated: [],
      unchanged: [],
    });
    const report = await store.taskTypes.get('report');
    assert.deepEqual(
      [report?.timeoutMs, report?.retry],
      [1_800_000, { maxAttempts: 3, initialIntervalMs: 10_000, backoffCoefficient: 2, maximumIntervalMs: 600_000 }],
    );
    assert.deepEqual(await applyTaskTypes(deps, load(file)), {
      created: [],
      updated: [],
      unchanged: ['resize', 'report'],
    });
    assert.deepEqual(await store.taskTypes.get('report'), report, 'not even updatedAt moved');

    const changed = writeFile({ taskTypes: [entry('resize', { concurrency: 4 })] });
    assert.deepEqual(await applyTaskTypes(deps, load(changed)), { created: [], updated: ['resize'], unchanged: [] });
    const resize = await store.taskTypes.get('resize');
    assert.deepEqual(
      [resize?.concurrency, resize?.description],
      [4, undefined],
      'replaced: the description left out of the entry is gone',
    );
    assert.deepEqual(
      (await store.taskTypes.list()).map((type) => type.name),
      ['made-by-api', 'report', 'resize'],
      'types not in the file stay',
    );
    assert.deepEqual(await store.taskTypes.get('made-by-api'), own);
  });

  it('refuses a bad file with one line naming the entry and the field', () => {
    const file = writeFile({ taskTypes: [entry('fine'), entry('resize', { retry: { maxAttempts: 0 } })] });
    assert.throws(() => load(file), {
      message: `task types file ${file}: taskTypes[1] (resize) retry.maxAttempts: Too small: expected number to be >=1`,
    });
    const elsewhere = writeFile({ taskTypes: [{ name: 'leak', url: 'https://elsewhere.example.com/x' }] });
    assert.throws(() => load(elsewhere), /taskTypes\[0\] \(leak\) url: is not under an allowed origin/);
    assert.throws(
      () => load(writeFile({ taskTypes: [entry('fine')] }), { ...TASKS, allowedOrigins: [] }),
      /url: no origin is allowed for task calls: set TASK_ALLOWED_ORIGINS/,
    );
    assert.throws(() => load(writeFile({ taskTypes: [{ url: `${APP_ORIGIN}/x` }] })), /taskTypes\[0\] name: /);
    assert.throws(
      () => load(writeFile({ taskTypes: [entry('twice'), entry('twice')] })),
      /task type twice is declared twice/,
    );
    assert.throws(() => load(writeFile({ types: [] })), /: types: is not a field of this request/);
    assert.throws(() => load(writeFile('taskTypes: [oops')), /not valid YAML/);
    assert.throws(() => load(path.join(dir, 'missing.yaml')), /ENOENT/);
    assert.equal(
      loadTaskTypesFile({ ...TASKS, typesFile: { file: path.join(dir, 'missing.yaml'), required: false } }),
      undefined,
      'the default file is optional',
    );
  });

  it('accepts the committed example', () => {
    const tasks = loadConfig({ TASK_ALLOWED_ORIGINS: 'http://127.0.0.1:8000' }).tasks;
    const example = load(path.resolve(__dirname, '../../task-types.example.yaml'), tasks);
    assert.deepEqual(
      example.taskTypes.map((type) => type.name),
      ['resize-image', 'monthly-report'],
    );
    assert.deepEqual(example.taskTypes[1]!.settings.retry, {
      maxAttempts: 3,
      initialIntervalMs: 60_000,
      backoffCoefficient: 2,
      maximumIntervalMs: 600_000,
    });
  });

  it('stops the process at start-up with that line', async () => {
    const file = writeFile({ taskTypes: [entry('resize', { timeout: '2d' })] });
    const run = await startMain({ AFTERWARD_ROLE: 'api', TASK_TYPES_FILE: file, TASK_ALLOWED_ORIGINS: APP_ORIGIN });
    const code = await run.exited;
    const output = run.output();
    assert.equal(code, 1);
    assert.deepEqual(output.trim().split('\n'), [
      `task types file ${file}: taskTypes[0] (resize) timeout: must be from 1s to 24h`,
    ]);
  });
});
