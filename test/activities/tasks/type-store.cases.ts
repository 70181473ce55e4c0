import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { TaskTypeSettings } from '../../../activities/tasks/task-type';
import { TaskTypeExistsError } from '../../../activities/store/task-types/task-type-exists-error';
import { createTaskTypeStore } from '../../../activities/store/task-types/type-store';
import { type Dialect, openTestStore } from '../../helpers/audit-stack';

const SETTINGS: TaskTypeSettings = {
  url: 'https://app.example.com/tasks/resize',
  timeoutMs: 60_000,
  retry: { maxAttempts: 5, initialIntervalMs: 10_000, backoffCoefficient: 2, maximumIntervalMs: 600_000 },
};

/** The task type store on a fresh database, with a clock the test moves. */
async function typeStore(t: TestContext, dialect: Dialect) {
  const store = await openTestStore(dialect);
  t.after(() => store.close());
  const clock = { now: new Date('2030-01-01T00:00:00.000Z') };
  const types = createTaskTypeStore(store.database, { now: () => clock.now });
  const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  return { types, advance, store };
}

/** Its cases on one database; test/activities/stores-on-{sqlite,postgres} run them on each. */
export function describeTypeStore(dialect: Dialect): void {
  describe(`the task type store on ${dialect}`, () => {
    it('creates a type, reads it back exactly, and refuses its name a second time', async (t) => {
      const { types } = await typeStore(t, dialect);
      const full: TaskTypeSettings = {
        ...SETTINGS,
        heartbeatTimeoutMs: 15_000,
        ratePerSecond: 0.5,
        concurrency: 3,
        description: 'thumbnails',
      };
      const created = await types.create('resize', full);
      assert.deepEqual(created, {
        name: 'resize',
        ...full,
        createdAt: '2030-01-01T00:00:00.000Z',
        updatedAt: '2030-01-01T00:00:00.000Z',
      });
      assert.deepEqual(await types.get('resize'), created);
      await assert.rejects(
        types.create('resize', SETTINGS),
        (err) => err instanceof TaskTypeExistsError && err.typeName === 'resize',
      );
      assert.deepEqual(await types.get('resize'), created, 'the refused create changed nothing');
    });

    it('leaves optional settings out of a type that has none, and lists types by name', async (t) => {
      const { types } = await typeStore(t, dialect);
      await types.create('zeta', SETTINGS);
      await types.create('alpha', { ...SETTINGS, retry: { ...SETTINGS.retry, backoffCoefficient: 1.5 } });
      const listed = await types.list();
      assert.deepEqual(
        listed.map((type) => type.name),
        ['alpha', 'zeta'],
      );
      assert.deepEqual(Object.keys(listed[1]!).sort(), ['createdAt', 'name', 'retry', 'timeoutMs', 'updatedAt', 'url']);
      assert.equal(listed[0]!.retry.backoffCoefficient, 1.5);
      assert.equal(await types.get('missing'), undefined);
    });

    it('changes fields, part of the retry policy, and clears optional ones with null', async (t) => {
      const { types, advance } = await typeStore(t, dialect);
      await types.create('resize', { ...SETTINGS, concurrency: 2, description: 'old' });
      advance(1000);
      const changed = await types.update('resize', {
        timeoutMs: 30_000,
        retry: { maxAttempts: 3 },
        concurrency: null,
        description: 'new',
        ratePerSecond: 10,
      });
      assert.deepEqual(changed, {
        name: 'resize',
        url: SETTINGS.url,
        timeoutMs: 30_000,
        retry: { ...SETTINGS.retry, maxAttempts: 3 },
        ratePerSecond: 10,
        description: 'new',
        createdAt: '2030-01-01T00:00:00.000Z',
        updatedAt: '2030-01-01T00:00:01.000Z',
      });
      assert.equal(await types.update('missing', { timeoutMs: 1000 }), undefined);
    });

    it('puts a type: creates it, leaves an equal one alone, replaces a different one', async (t) => {
      const { types, advance } = await typeStore(t, dialect);
      const first = await types.put('resize', { ...SETTINGS, description: 'x' });
      assert.equal(first.changed, true);
      advance(1000);
      const again = await types.put('resize', { ...SETTINGS, description: 'x' });
      assert.deepEqual(again, { type: first.type, changed: false }, 'unchanged: not even updatedAt moves');
      const replaced = await types.put('resize', { ...SETTINGS, concurrency: 4 });
      assert.equal(replaced.changed, true);
      assert.deepEqual(
        replaced.type,
        {
          name: 'resize',
          ...SETTINGS,
          concurrency: 4,
          createdAt: first.type.createdAt,
          updatedAt: '2030-01-01T00:00:01.000Z',
        },
        'the description is gone: put replaces',
      );
    });

    it('puts the same type from two processes at once and ends with one row', async (t) => {
      const { types, store } = await typeStore(t, dialect);
      const elsewhere = await openTestStore(dialect, store.url);
      t.after(() => elsewhere.close());
      const other = createTaskTypeStore(elsewhere.database);
      const results = await Promise.all([types.put('resize', SETTINGS), other.put('resize', SETTINGS)]);
      assert.ok(
        results.some((r) => r.changed),
        'one of them created it',
      );
      assert.deepEqual(
        (await types.list()).map((type) => type.name),
        ['resize'],
      );
    });

    it('removes a type once', async (t) => {
      const { types } = await typeStore(t, dialect);
      await types.create('resize', SETTINGS);
      assert.equal(await types.remove('resize'), true);
      assert.equal(await types.remove('resize'), false);
      assert.equal(await types.get('resize'), undefined);
      assert.equal((await types.create('resize', SETTINGS)).name, 'resize', 'the name is free again');
    });
  });
}
