// A task type: an endpoint of the user's app that Afterward calls, with the policy its calls follow.
// Kept in the project's own database (configuration, not job state) and read by the worker at each job.

export interface TaskRetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

export interface TaskTypeSettings {
  /** The app's endpoint: under an origin of TASK_ALLOWED_ORIGINS. */
  url: string;
  /** One attempt, from the call to its answer or, for an async task, to its completion. */
  timeoutMs: number;
  retry: TaskRetryPolicy;
  /** An async attempt that reports no progress for this long has failed (and is retried); absent: only `timeoutMs` bounds it. */
  heartbeatTimeoutMs?: number;
  /** Calls started per second across all workers; absent: no limit. */
  ratePerSecond?: number;
  /** Calls in flight at once on each worker; absent: the worker's own limit. */
  concurrency?: number;
  description?: string;
}

export interface TaskType extends TaskTypeSettings {
  name: string;
  createdAt: string;
  updatedAt: string;
}

/** What PATCH changes: a field set to null is cleared (optional fields only). */
export type TaskTypeChanges = Partial<
  Omit<TaskTypeSettings, 'heartbeatTimeoutMs' | 'ratePerSecond' | 'concurrency' | 'description' | 'retry'>
> & {
  retry?: Partial<TaskRetryPolicy>;
  heartbeatTimeoutMs?: number | null;
  ratePerSecond?: number | null;
  concurrency?: number | null;
  description?: string | null;
};

export interface TaskTypeStore {
  /** Throws TaskTypeExistsError when the name is taken. */
  create(name: string, settings: TaskTypeSettings): Promise<TaskType>;
  /** Creates or replaces (the task types file at start); answers whether anything changed. */
  put(name: string, settings: TaskTypeSettings): Promise<{ type: TaskType; changed: boolean }>;
  get(name: string): Promise<TaskType | undefined>;
  /** Every type, by name. */
  list(): Promise<TaskType[]>;
  update(name: string, changes: TaskTypeChanges): Promise<TaskType | undefined>;
  remove(name: string): Promise<boolean>;
}

/** The secrets that sign task calls: the current one first, then those rotated out and still in their grace period. */
export interface TaskSigningStore {
  /** Every secret that signs now; generates and stores the first one when there is none (`generated` then says so). */
  signingSecrets(): Promise<{ secrets: string[]; generated: boolean }>;
  /** Replaces the current secret (given, or generated); the old one keeps signing for `graceMs`. Answers the new secret, once. */
  rotate(options: {
    secret?: string;
    graceMs: number;
  }): Promise<{ secret: string; createdAt: string; retiredUntil: string }>;
  /** Without secrets: when the current secret was made, and until when each retired one signs. */
  describe(): Promise<{ createdAt: string | null; retired: { expiresAt: string }[] }>;
}

/** `<task queue>-task-<name>`: every type's calls run on a queue of their own, so its rate and concurrency apply to it alone. */
export function taskTypeQueue(taskQueue: string, name: string): string {
  return `${taskQueue}-task-${name}`;
}

/** Letters, digits, `.`, `_`, `-`; starts with a letter: safe in a task queue name, a search attribute and a URL path. */
export const TASK_TYPE_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;
