import type { TaskType, TaskTypeChanges, TaskTypeSettings } from '../../activities/tasks';
import { formatDuration } from '../schedules/duration-text';

/** A task type as the API shows it: durations as text it accepts back, unset settings as null. */
export interface TaskTypeView {
  name: string;
  url: string;
  timeout: string;
  retry: { maxAttempts: number; initialInterval: string; backoffCoefficient: number; maximumInterval: string };
  heartbeatTimeout: string | null;
  ratePerSecond: number | null;
  concurrency: number | null;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export function taskTypeView(type: TaskType): TaskTypeView {
  const { retry } = type;
  return {
    name: type.name,
    url: type.url,
    timeout: formatDuration(type.timeoutMs),
    retry: {
      maxAttempts: retry.maxAttempts,
      initialInterval: formatDuration(retry.initialIntervalMs),
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval: formatDuration(retry.maximumIntervalMs),
    },
    heartbeatTimeout: type.heartbeatTimeoutMs === undefined ? null : formatDuration(type.heartbeatTimeoutMs),
    ratePerSecond: type.ratePerSecond ?? null,
    concurrency: type.concurrency ?? null,
    description: type.description ?? null,
    createdAt: type.createdAt,
    updatedAt: type.updatedAt,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7396: objects merge field by field, null removes a field, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const merged: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete merged[field];
    else merged[field] = mergePatch(merged[field], value);
  }
  return merged;
}

/**
 * PATCH /v1/task-types/:name as a JSON merge patch over the type as GET shows it (its unset settings
 * and times left out); the result is validated like a POST.
 */
export function mergeTaskTypePatch(view: TaskTypeView, patch: Record<string, unknown>): unknown {
  const { createdAt: _c, updatedAt: _u, ...shown } = view;
  const set = Object.fromEntries(Object.entries(shown).filter(([, value]) => value !== null));
  return mergePatch(set, patch);
}

/** The changes that make a stored type hold exactly `settings`: every optional one it lacks is cleared. */
export function replacedBy(settings: TaskTypeSettings): TaskTypeChanges {
  return {
    ...settings,
    heartbeatTimeoutMs: settings.heartbeatTimeoutMs ?? null,
    ratePerSecond: settings.ratePerSecond ?? null,
    concurrency: settings.concurrency ?? null,
    description: settings.description ?? null,
  };
}
