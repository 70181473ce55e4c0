import { taskSigningSecrets } from '../../activities/tasks';
import { TaskSecretUnreadableError } from '../../activities/store';
import type { TaskSigningStore } from '../../activities/tasks';
import type { TaskConfig } from '../config';
import type { Logger } from '../logger';

/**
 * At the API's start (roles all and api): makes the task signing secret when neither TASK_SIGNING_SECRET
 * nor the database has one, and answers it for the start banner to show once, outside the log, like the API key
 * made on first start. Of several processes starting at once, only the one that made it answers it.
 */
export async function taskSigningAtStart(
  tasks: Pick<TaskConfig, 'signingSecrets'>,
  store: TaskSigningStore,
  logger: Logger,
): Promise<string | undefined> {
  try {
    const { secrets, generated } = await taskSigningSecrets(tasks, store);
    if (!generated) return undefined;
    logger.warn('made the secret that signs task calls; the start banner shows it once, it is never logged');
    return secrets[0];
  } catch (err) {
    // The API still starts: a rotation (which needs no key) is the way out.
    if (!(err instanceof TaskSecretUnreadableError)) throw err;
    logger.error(
      { err },
      'task calls cannot be signed until the key is back in PAYLOAD_KEYS, TASK_SIGNING_SECRET is set, or the secret is rotated',
    );
    return undefined;
  }
}
