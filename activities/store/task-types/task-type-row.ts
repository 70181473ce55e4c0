// The task_types table as Kysely sees it, and its rows as TaskTypes.
import type { Selectable } from 'kysely';
import type { TaskType, TaskTypeSettings } from '../../tasks/task-type';

export interface TaskTypesTable {
  name: string;
  url: string;
  timeout_ms: number;
  retry_max_attempts: number;
  retry_initial_interval_ms: number;
  retry_backoff_coefficient: number;
  retry_maximum_interval_ms: number;
  heartbeat_timeout_ms: number | null;
  rate_per_second: number | null;
  concurrency: number | null;
  description: string | null;
  created_at: string;
  updated_at: string;
}

// A type, not an interface: Kysely's withTables wants an index-signature-compatible shape.
export type TaskTypeSchema = {
  task_types: TaskTypesTable;
};

export type TaskTypeRow = Selectable<TaskTypesTable>;

/** The columns that hold `settings`: absent optional settings are null. */
export function settingsColumns(
  settings: TaskTypeSettings,
): Omit<TaskTypesTable, 'name' | 'created_at' | 'updated_at'> {
  return {
    url: settings.url,
    timeout_ms: settings.timeoutMs,
    retry_max_attempts: settings.retry.maxAttempts,
    retry_initial_interval_ms: settings.retry.initialIntervalMs,
    retry_backoff_coefficient: settings.retry.backoffCoefficient,
    retry_maximum_interval_ms: settings.retry.maximumIntervalMs,
    heartbeat_timeout_ms: settings.heartbeatTimeoutMs ?? null,
    rate_per_second: settings.ratePerSecond ?? null,
    concurrency: settings.concurrency ?? null,
    description: settings.description ?? null,
  };
}

const optional = <K extends string, V>(key: K, value: V | null): Partial<Record<K, V>> =>
  value === null ? {} : ({ [key]: value } as Record<K, V>);

export function toTaskType(row: TaskTypeRow): TaskType {
  return {
    name: row.name,
    url: row.url,
    timeoutMs: row.timeout_ms,
    retry: {
      maxAttempts: row.retry_max_attempts,
      initialIntervalMs: row.retry_initial_interval_ms,
      backoffCoefficient: row.retry_backoff_coefficient,
      maximumIntervalMs: row.retry_maximum_interval_ms,
    },
    ...optional('heartbeatTimeoutMs', row.heartbeat_timeout_ms),
    ...optional('ratePerSecond', row.rate_per_second),
    ...optional('concurrency', row.concurrency),
    ...optional('description', row.description),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The settings of a stored type, without its name and times. */
export function settingsOf({ name: _, createdAt: _c, updatedAt: _u, ...settings }: TaskType): TaskTypeSettings {
  return settings;
}
