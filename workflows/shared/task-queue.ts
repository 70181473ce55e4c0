/** Versioned so that an incompatible worker release can drain the old queue while a new one fills. */
export const DEFAULT_TASK_QUEUE = 'afterward-v1';
