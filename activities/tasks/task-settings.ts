// The local activity a task job starts with: its type's policy as it is when the job becomes due, so a
// PATCH applies to every job not yet running, and a schedule's or sequence's tasks need nothing copied.
import { ApplicationFailure } from '@temporalio/activity';
import { TASK_TYPE_UNKNOWN } from '../../workflows/shared/failure-types';
import type { TaskRunSettings } from './task-attempt';
import { type TaskType, type TaskTypeStore, taskTypeQueue } from './task-type';

export interface TaskSettingsDeps {
  types: Pick<TaskTypeStore, 'get'>;
  /** The main task queue: each type's calls run on `<it>-task-<name>`. */
  taskQueue: string;
  /** Told of every type a job of this worker meets, so the worker polls its queue without waiting for a refresh. */
  onTypeSeen?: (type: TaskType) => Promise<void>;
}

export function createTaskSettingsActivities({ types, taskQueue, onTypeSeen }: TaskSettingsDeps) {
  return {
    async taskTypeSettings({ type }: { type: string }): Promise<TaskRunSettings> {
      const found = await types.get(type);
      // The store answers the same until someone registers the type again.
      if (!found)
        throw ApplicationFailure.nonRetryable(
          `Task type ${type} does not exist (deleted after the job was accepted?)`,
          TASK_TYPE_UNKNOWN,
        );
      await onTypeSeen?.(found);
      return {
        taskQueue: taskTypeQueue(taskQueue, found.name),
        timeoutMs: found.timeoutMs,
        ...(found.heartbeatTimeoutMs ? { heartbeatTimeoutMs: found.heartbeatTimeoutMs } : {}),
        retry: found.retry,
      };
    },
  };
}
