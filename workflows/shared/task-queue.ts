/** Versioned so that an incompatible worker release can drain the old queue while a new one fills. */
export const DEFAULT_TASK_QUEUE = 'afterward-v1';

/** `afterward-v1-email`: the activity task queue of a kind, derived from the main task queue. */
export function kindTaskQueue(taskQueue: string, kind: string): string {
  return `${taskQueue}-${kind}`;
}
