import { auditVariables, readAudit } from './audit';
import { authVariables, readAuth } from './auth';
import { emailVariables, readEmail } from './email';
import { envFileVariables } from './env-file';
import { httpVariables, readHttp } from './http';
import { loggingVariables, readLogging } from './logging';
import { type Env, readEnv, variableNames } from './read-env';
import { readSchedules, scheduleVariables } from './schedules';
import { readService, serviceVariables } from './service';
import { readTasks, taskVariables } from './tasks';
import { readTemporal, temporalVariables } from './temporal';
import { readWebhooks, webhookVariables } from './webhooks';
import { readWorker, workerVariables } from './worker';

export { ConfigError } from './config-error';

/** Every variable the service reads, by area, in the order README's configuration table lists them. */
export const VARIABLES = {
  ...serviceVariables,
  ...envFileVariables,
  ...loggingVariables,
  ...httpVariables,
  ...authVariables,
  ...temporalVariables,
  ...auditVariables,
  ...emailVariables,
  ...webhookVariables,
  ...workerVariables,
  ...scheduleVariables,
  ...taskVariables,
};

/** Every name the service reads, aliases included (README, .env.example and docker-compose.yml are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = variableNames(VARIABLES);

function build(e: Env<typeof VARIABLES>, env: NodeJS.ProcessEnv) {
  const service = readService(e);
  return {
    ...service,
    ...readLogging(e),
    ...readHttp(e),
    ...readAuth(e, service.dataDir),
    ...readTemporal(e, service.dataDir, env),
    ...readAudit(e, service.dataDir),
    ...readEmail(e, service.dataDir),
    ...readWebhooks(e),
    ...readWorker(e),
    ...readSchedules(e),
    ...readTasks(e),
  };
}

export type Config = ReturnType<typeof build>;
export type Role = Config['role'];
export type HttpConfig = Config['http'];
export type AuthConfig = Config['auth'];
export type AuditConfig = Config['audit'];
export type EmailConfig = Config['email'];
export type WebhookConfig = Config['webhooks'];
export type TaskConfig = Config['tasks'];

/** Parses the environment once; a wrong value throws a ConfigError whose message names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  return Object.freeze(build(readEnv(VARIABLES, env), env));
}
