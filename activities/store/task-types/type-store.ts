// Task types in the project's own database (the audit log's SQLite or PostgreSQL).
import type { AuditDatabase } from '..';
import type { TaskRetryPolicy, TaskTypeChanges, TaskTypeSettings, TaskTypeStore } from '../../tasks/task-type';
import { TaskTypeExistsError } from './task-type-exists-error';
import { settingsColumns, type TaskTypeSchema, type TaskTypesTable, toTaskType } from './task-type-row';

export interface TaskTypeStoreOptions {
  now?: () => Date;
}

const RETRY_COLUMNS: Record<keyof TaskRetryPolicy, keyof TaskTypesTable> = {
  maxAttempts: 'retry_max_attempts',
  initialIntervalMs: 'retry_initial_interval_ms',
  backoffCoefficient: 'retry_backoff_coefficient',
  maximumIntervalMs: 'retry_maximum_interval_ms',
};

/** The columns a change sets: undefined leaves a column alone, null clears it. */
function changedColumns(changes: TaskTypeChanges): Partial<TaskTypesTable> {
  const retry = Object.entries(changes.retry ?? {}).map(([field, value]) => [
    RETRY_COLUMNS[field as keyof TaskRetryPolicy],
    value,
  ]);
  return {
    url: changes.url,
    timeout_ms: changes.timeoutMs,
    heartbeat_timeout_ms: changes.heartbeatTimeoutMs,
    rate_per_second: changes.ratePerSecond,
    concurrency: changes.concurrency,
    description: changes.description,
    ...Object.fromEntries(retry),
  };
}

const sameSettings = (a: TaskTypeSettings, b: TaskTypeSettings) =>
  JSON.stringify(settingsColumns(a)) === JSON.stringify(settingsColumns(b));

/** Tries of `put` when another process creates or deletes the same type in between. */
const MAX_PUT_TRIES = 5;

export function createTaskTypeStore(database: AuditDatabase, options: TaskTypeStoreOptions = {}): TaskTypeStore {
  const db = database.db.withTables<TaskTypeSchema>();
  const clock = options.now ?? (() => new Date());
  const row = (name: string) => db.selectFrom('task_types').selectAll().where('name', '=', name).executeTakeFirst();
  const insert = (name: string, settings: TaskTypeSettings) => {
    const now = clock().toISOString();
    return db
      .insertInto('task_types')
      .values({ name, ...settingsColumns(settings), created_at: now, updated_at: now })
      .onConflict((conflict) => conflict.column('name').doNothing())
      .returningAll()
      .executeTakeFirst();
  };
  const update = (name: string, columns: Partial<TaskTypesTable>) =>
    db
      .updateTable('task_types')
      .set({ ...columns, updated_at: clock().toISOString() })
      .where('name', '=', name)
      .returningAll()
      .executeTakeFirst();

  return {
    async create(name, settings) {
      const created = await insert(name, settings);
      if (created === undefined) throw new TaskTypeExistsError(name);
      return toTaskType(created);
    },

    async put(name, settings) {
      for (let tries = 0; tries < MAX_PUT_TRIES; tries++) {
        const current = await row(name);
        if (current !== undefined && sameSettings(toTaskType(current), settings))
          return { type: toTaskType(current), changed: false };
        const written =
          current === undefined ? await insert(name, settings) : await update(name, settingsColumns(settings));
        if (written !== undefined) return { type: toTaskType(written), changed: true };
        // Another process created it (the insert did nothing) or deleted it (the update did nothing): look again.
      }
      throw new Error(`Task type ${name}: created and deleted by others ${MAX_PUT_TRIES} times while it was being put`);
    },

    get: async (name) => {
      const found = await row(name);
      return found && toTaskType(found);
    },

    list: async () => (await db.selectFrom('task_types').selectAll().orderBy('name').execute()).map(toTaskType),

    async update(name, changes) {
      const updated = await update(name, changedColumns(changes));
      return updated && toTaskType(updated);
    },

    async remove(name) {
      const deleted = await db.deleteFrom('task_types').where('name', '=', name).executeTakeFirst();
      return deleted.numDeletedRows > 0n;
    },
  };
}
