import { taskSigningSecrets } from '../../activities/tasks';
import { TaskSecretUnreadableError } from '../../activities/store';
import type { TaskSigningStore } from '../../activities/tasks';
import type { TaskConfig } from '../config';
import type { Logger } from '../logger';

/**
 * At the API's start (roles all and api): makes the task signing secret when neither TASK_SIGNING_SECRET
 * nor the database has one, and prints it once, to stderr outside the JSON log, like the API key made on
 * first start. Of several processes starting at once, only the one that made it prints it.
 */
export async function taskSigningAtStart(
  tasks: Pick<TaskConfig, 'signingSecrets'>,
  store: TaskSigningStore,
  logger: Logger,
  print = (text: string) => void process.stderr.write(text),
): Promise<void> {
  try {
    const { secrets, generated } = await taskSigningSecrets(tasks, store);
    if (!generated) return;
    logger.warn('made the secret that signs task calls; it is printed once on stderr, never logged');
    print(
      `\nAfterward made the secret that signs its calls to your app's task endpoints. It is shown this once:\n\n  ${secrets[0]}\n\n` +
        'Your app verifies every task call with it (Standard Webhooks signature headers). To replace it, POST /v1/task-signing-secret/rotate, or set TASK_SIGNING_SECRET.\n\n',
    );
  } catch (err) {
    // The API still starts: a rotation (which needs no key) is the way out.
    if (!(err instanceof TaskSecretUnreadableError)) throw err;
    logger.error(
      { err },
      'task calls cannot be signed until the key is back in PAYLOAD_KEYS, TASK_SIGNING_SECRET is set, or the secret is rotated',
    );
  }
}
