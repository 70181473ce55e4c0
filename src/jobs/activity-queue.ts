import { kindTaskQueue } from '../../workflows/shared/task-queue';

/**
 * Where a new job of a rate-limited kind runs its side-effect activities: while the kind has a limit,
 * `{ activityTaskQueue: <task queue>-<kind> }` (workers apply the limit there); without one, nothing,
 * and the activities run on the job's own task queue as they always did.
 */
export function activityTaskQueueFor(
  taskQueue: string | undefined,
  kind: string,
  activitiesPerSecond: number | undefined,
): { activityTaskQueue?: string } {
  if (activitiesPerSecond === undefined) return {};
  // A job built without its queue would silently escape the limit.
  if (!taskQueue) throw new Error(`a ${kind} job needs the task queue it starts on while its kind has a rate limit`);
  return { activityTaskQueue: kindTaskQueue(taskQueue, kind) };
}
