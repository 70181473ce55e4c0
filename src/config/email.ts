import path from 'node:path';
import { z } from 'zod';
import { duration } from './duration';
import type { Env } from './read-env';
import { bool, perSecond, positiveInt } from './values';

export const emailVariables = {
  SMTP_URL: z
    .url({ protocol: /^smtps?$/ })
    .optional()
    .meta({ secret: true })
    .describe(
      '`smtp://user:pass@host:587` or `smtps://host:465`; unset captures mail in the local outbox (`$AFTERWARD_DATA_DIR/outbox/*.eml`)',
    ),
  SMTP_TLS_REJECT_UNAUTHORIZED: bool.default(true).describe('refuse SMTP servers whose certificate does not verify'),
  SMTP_POOL_MAX_CONNECTIONS: positiveInt.default(5).describe('pooled SMTP connections per worker'),
  SMTP_CONNECTION_TIMEOUT: duration({ default: '10s', alias: 'SMTP_CONNECTION_TIMEOUT_MS' }).describe(
    'connecting to the SMTP server',
  ),
  SMTP_GREETING_TIMEOUT: duration({ default: '10s', alias: 'SMTP_GREETING_TIMEOUT_MS' }).describe(
    'waiting for its greeting',
  ),
  SMTP_SOCKET_TIMEOUT: duration({ default: '30s', alias: 'SMTP_SOCKET_TIMEOUT_MS' }).describe(
    'silence on an open SMTP connection',
  ),
  EMAIL_DEFAULT_FROM: z
    .string()
    .min(3)
    .default('Afterward <afterward@localhost>')
    .describe('sender when a request gives no `from`'),
  EMAIL_MESSAGE_ID_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/)
    .default('afterward.localhost')
    .describe("right-hand side of each job's stable `Message-ID`"),
  EMAIL_RETRY_INITIAL: duration({ default: '1s', alias: 'EMAIL_RETRY_INITIAL_MS' }).describe(
    'first retry delay after a transient SMTP failure (doubles each time)',
  ),
  EMAIL_RETRY_MAX: duration({ default: '5m', alias: 'EMAIL_RETRY_MAX_MS' }).describe('longest delay between retries'),
  EMAIL_SEND_DEADLINE: duration({ default: '24h', alias: 'EMAIL_SEND_DEADLINE_MS' }).describe(
    'give up on transient failures this long after the first attempt',
  ),
  EMAIL_MAX_BODY_BYTES: positiveInt.default(256 * 1024).describe('largest `text` or `html` body'),
  EMAIL_MAX_ATTACHMENT_BYTES: positiveInt.default(512 * 1024).describe('largest total of decoded attachments'),
  EMAIL_FIRST_ATTEMPT: z
    .enum(['local', 'activity'])
    .default('local')
    .describe(
      "`local`: the first SMTP attempt runs as a local activity inside the job's first workflow task (one workflow task for an email sent at once), retries as one activity each; `activity`: every attempt is an activity retried by Temporal (two workflow tasks and an activity task); jobs accepted while EMAIL_ACTIVITIES_PER_SECOND is set always use activities (see [Round trips per email](eager-execution.md#round-trips-per-email))",
    ),
  EMAIL_ACTIVITIES_PER_SECOND: perSecond
    .optional()
    .describe(
      'a ceiling on SMTP sends (attempts included) started per second across all workers; while set, new email jobs send from the email queue `<task queue>-email`, whose workers apply it; set it on API and worker processes alike (see [Concurrency and rate limits](jobs.md#concurrency-and-rate-limits))',
    ),
};

export const readEmail = (e: Env<typeof emailVariables>, dataDir: string) => ({
  smtp: {
    /** Undefined means: capture mail in the local outbox (AFTERWARD_DATA_DIR/outbox). */
    url: e.SMTP_URL,
    tlsRejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
    maxConnections: e.SMTP_POOL_MAX_CONNECTIONS,
    timeouts: {
      connectionMs: e.SMTP_CONNECTION_TIMEOUT,
      greetingMs: e.SMTP_GREETING_TIMEOUT,
      socketMs: e.SMTP_SOCKET_TIMEOUT,
    },
    outboxDir: path.join(dataDir, 'outbox'),
  },
  email: {
    defaultFrom: e.EMAIL_DEFAULT_FROM,
    messageIdDomain: e.EMAIL_MESSAGE_ID_DOMAIN,
    retry: {
      initialIntervalMs: e.EMAIL_RETRY_INITIAL,
      maximumIntervalMs: e.EMAIL_RETRY_MAX,
      deadlineMs: e.EMAIL_SEND_DEADLINE,
    },
    maxBodyBytes: e.EMAIL_MAX_BODY_BYTES,
    maxAttachmentBytes: e.EMAIL_MAX_ATTACHMENT_BYTES,
    firstAttempt: e.EMAIL_FIRST_ATTEMPT,
    activitiesPerSecond: e.EMAIL_ACTIVITIES_PER_SECOND,
  },
});
