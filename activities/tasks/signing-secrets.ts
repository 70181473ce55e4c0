// The one answer to "which secrets sign task calls now", for the worker that signs and the API that rotates.
import type { TaskSigningStore } from './task-type';

export interface TaskSigningSecrets {
  /** The current secret first, then those rotated out and still in their grace period. */
  secrets: string[];
  /** `TASK_SIGNING_SECRET` when the environment sets them (it wins over the database); `database` otherwise. */
  source: 'TASK_SIGNING_SECRET' | 'database';
  /** True for the one call, of all processes, that generated the first stored secret. */
  generated: boolean;
}

/** The secrets that sign now: TASK_SIGNING_SECRET's when set, else the stored ones (the first generated when none exists). */
export async function taskSigningSecrets(
  config: { signingSecrets?: readonly string[] },
  store: TaskSigningStore,
): Promise<TaskSigningSecrets> {
  if (config.signingSecrets?.length)
    return { secrets: [...config.signingSecrets], source: 'TASK_SIGNING_SECRET', generated: false };
  return { ...(await store.signingSecrets()), source: 'database' };
}
