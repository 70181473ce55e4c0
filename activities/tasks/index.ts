import { createTaskCallActivities, type TaskCallActivityDeps } from './call-task';
import { createTaskSettingsActivities, type TaskSettingsDeps } from './task-settings';

export type TaskJobDeps = TaskCallActivityDeps & TaskSettingsDeps;

/** Every activity a task job calls: its type's settings (a local activity), and the call of the app. */
export function createTaskJobActivities(deps: TaskJobDeps) {
  return { ...createTaskSettingsActivities(deps), ...createTaskCallActivities(deps) };
}

export type { TaskType, TaskTypeStore } from './task-type';
