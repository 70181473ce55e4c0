import { createTaskCallActivities, type TaskCallActivityDeps } from './call-task';
import { createTaskSettingsActivities, type TaskSettingsDeps } from './task-settings';

export type TaskJobDeps = TaskCallActivityDeps & TaskSettingsDeps;

/** Every activity a task job calls: its type's settings (a local activity), and the call of the app. */
export function createTaskJobActivities(deps: TaskJobDeps) {
  return { ...createTaskSettingsActivities(deps), ...createTaskCallActivities(deps) };
}

export { taskSigningSecrets } from './signing-secrets';
export type { AsyncCompletion, CallTaskInput } from './task-attempt';
export { MAX_RESULT_BYTES, createTaskHttpClient } from './task-http-client';
export { checkTaskUrl, parseOrigins, withOriginAddresses } from './task-origins';
export {
  TASK_TYPE_NAME,
  type TaskSigningStore,
  type TaskType,
  type TaskTypeChanges,
  type TaskTypeSettings,
  type TaskTypeStore,
  taskTypeQueue,
} from './task-type';
