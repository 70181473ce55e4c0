import path from 'node:path';
import { z } from 'zod';
import { MAX_AUDIT_PAYLOAD_BYTES, MAX_AUDIT_PAYLOAD_EVENTS } from '../workflows/shared/audit-limits';
import { DEFAULT_TASK_QUEUE } from '../workflows/shared/task-queue';
import { parseOrigins, withOriginAddresses } from '../activities/tasks';
import { type AllowList, EMPTY_ALLOW_LIST, parseAllowList } from '../activities/webhooks';
import { DEFAULT_RETRY_SCHEDULE_MS } from '../workflows/shared/webhook-schedule';
import { parseDelay } from './jobs/send-time';
import { type ApiKey, parseApiKeys } from './security/api-keys';
import { type PayloadKey, parsePayloadKeys } from './temporal/payload-codec';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
/** A rate: any positive number, fractions too (0.5 is one every two seconds). */
const perSecond = z.coerce.number().positive();
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const optionalString = z.string().trim().min(1).optional();
const commaList = (text: string): string[] => text.split(',').map((part) => part.trim()).filter(Boolean);
/** A value read by a parser that throws a message naming what is wrong. */
const parsedWith = <T>(parse: (text: string) => T) =>
  z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
const allowList = parsedWith((text) => parseAllowList(commaList(text)));
/** Variables whose value is a secret: a wrong one is reported without it. */
const SECRET_VARIABLES = new Set(['TEMPORAL_API_KEY', 'SMTP_URL', 'PAYLOAD_KEYS', 'TASK_SIGNING_SECRET']);
/** Standard Webhooks secrets (`whsec_…`), separated by spaces or commas: every one signs. */
const parseSecrets = (text: string): string[] => {
  const secrets = text.split(/[\s,]+/).filter(Boolean);
  if (secrets.length === 0 || !secrets.every((s) => /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(s))) throw new Error('must be one or more whsec_<base64> secrets, separated by spaces');
  return secrets;
};
const durationList = z
  .string()
  .transform((text) => commaList(text).map(parseDelay))
  .refine((delays): delays is number[] => delays.length > 0 && delays.length <= 50 && delays.every((d) => d !== undefined), 'must be 1-50 comma-separated durations, e.g. 0,5s,5m,30m,2h');

/** Every variable the service reads, with its default. README's configuration table mirrors this. */
const envSchema = z.object({
  AFTERWARD_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  AFTERWARD_DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: port.default(3000),
  PUBLIC_URL: z.url().optional(),
  HTTP_MAX_BODY_BYTES: positiveInt.default(2 * 1024 * 1024),
  HTTP_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt.default(5_000),

  AUTH_DISABLED: bool.default(false),
  API_KEYS: parsedWith(parseApiKeys).optional(),
  API_KEYS_FILE: optionalString,
  RATE_LIMIT_PER_SECOND: positiveInt.default(50),
  RATE_LIMIT_BURST: z.coerce.number().int().min(0).default(100),
  PAYLOAD_KEYS: parsedWith(parsePayloadKeys).optional(),
  UI_CODEC_ENDPOINT: z.url().optional(),

  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_API_KEY: optionalString,
  TEMPORAL_TLS: bool.default(false),
  TEMPORAL_TLS_CERT_PATH: optionalString,
  TEMPORAL_TLS_KEY_PATH: optionalString,
  TEMPORAL_TLS_CA_PATH: optionalString,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  TEMPORAL_CONNECT_TIMEOUT_MS: positiveInt.default(10_000),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUE),
  TEMPORAL_UI_URL: z.url().optional(),
  TEMPORAL_CLI_PATH: optionalString,
  TEMPORAL_DEV_PORT: port.default(7233),
  TEMPORAL_DEV_UI_PORT: port.default(8233),
  EAGER_EXECUTION: bool.default(false),

  DATABASE_URL: optionalString,
  // A batch becomes one Temporal payload: it cannot be configured past what fits in one.
  AUDIT_MAX_DETAIL_BYTES: positiveInt.max(256 * 1024).default(16 * 1024),
  AUDIT_MAX_BATCH_EVENTS: positiveInt.max(MAX_AUDIT_PAYLOAD_EVENTS).default(MAX_AUDIT_PAYLOAD_EVENTS),
  AUDIT_MAX_BATCH_BYTES: positiveInt.max(MAX_AUDIT_PAYLOAD_BYTES).default(MAX_AUDIT_PAYLOAD_BYTES),
  AUDIT_WRITER_SHARDS: positiveInt.max(64).default(4),

  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  SMTP_TLS_REJECT_UNAUTHORIZED: bool.default(true),
  SMTP_POOL_MAX_CONNECTIONS: positiveInt.default(5),
  SMTP_CONNECTION_TIMEOUT_MS: positiveInt.default(10_000),
  SMTP_GREETING_TIMEOUT_MS: positiveInt.default(10_000),
  SMTP_SOCKET_TIMEOUT_MS: positiveInt.default(30_000),
  EMAIL_DEFAULT_FROM: z.string().min(3).default('Afterward <afterward@localhost>'),
  EMAIL_MESSAGE_ID_DOMAIN: z.string().regex(/^[A-Za-z0-9.-]+$/).default('afterward.localhost'),
  EMAIL_RETRY_INITIAL_MS: positiveInt.default(1000),
  EMAIL_RETRY_MAX_MS: positiveInt.default(300_000),
  EMAIL_SEND_DEADLINE_MS: positiveInt.default(86_400_000),
  EMAIL_MAX_BODY_BYTES: positiveInt.default(256 * 1024),
  EMAIL_MAX_ATTACHMENT_BYTES: positiveInt.default(512 * 1024),
  EMAIL_ACTIVITIES_PER_SECOND: perSecond.optional(),

  WEBHOOK_ALLOW_LIST: allowList.optional(),
  WEBHOOK_TIMEOUT_MS: positiveInt.default(15_000),
  WEBHOOK_MAX_PAYLOAD_BYTES: positiveInt.default(256 * 1024),
  WEBHOOK_RETRY_SCHEDULE: durationList.optional(),
  // Above the default schedule's worst case (about 33 h with jitter).
  WEBHOOK_DEADLINE_MS: positiveInt.default(48 * 3_600_000),
  WEBHOOK_DISABLE_AFTER_MS: positiveInt.default(5 * 86_400_000),
  WEBHOOK_SECRET_GRACE_MS: z.coerce.number().int().min(0).default(86_400_000),
  WEBHOOK_ACTIVITIES_PER_SECOND: perSecond.optional(),

  WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt.default(100),
  WORKER_TASK_QUEUE_ACTIVITIES_PER_SECOND: z.coerce.number().positive().optional(),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  WORKER_SHUTDOWN_GRACE_MS: positiveInt.default(30_000),
  WORKER_METRICS_ADDRESS: z.string().regex(/^[^:\s]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:9464').optional(),

  SCHEDULES_FILE: optionalString,

  TASK_ALLOWED_ORIGINS: parsedWith((text) => parseOrigins(commaList(text))).optional(),
  TASK_ALLOW_LIST: allowList.optional(),
  TASK_SIGNING_SECRET: parsedWith((text) => parseSecrets(text)).optional(),
  TASK_SECRET_GRACE_MS: z.coerce.number().int().min(0).default(86_400_000),
  TASK_MAX_PAYLOAD_BYTES: positiveInt.default(256 * 1024),
  TASK_TYPES_FILE: optionalString,
  TASK_TYPES_REFRESH_MS: positiveInt.default(10_000),
});

/** The names of every variable the service reads (README's table and docker-compose.yml are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type Role = z.infer<typeof envSchema>['AFTERWARD_ROLE'];

export interface TemporalTls {
  certPath?: string;
  keyPath?: string;
  caPath?: string;
  serverName?: string;
}

export interface Config {
  role: Role;
  dataDir: string;
  logLevel: string;
  http: HttpConfig;
  auth: AuthConfig;
  temporal: {
    /** Undefined means: run the embedded dev server. */
    address?: string;
    namespace: string;
    apiKey?: string;
    tls?: TemporalTls;
    connectTimeoutMs: number;
    taskQueue: string;
    uiUrl: string;
    cliPath?: string;
    devServer: { port: number; uiPort: number; dbFile: string };
    /** Encrypt payloads and webhook secrets at rest with the first, decrypt with any (PAYLOAD_KEYS); undefined: both plain. */
    payloadKeys?: readonly PayloadKey[];
    /** The codec endpoint the embedded dev server's Web UI decodes payloads with. */
    uiCodecEndpoint?: string;
  };
  /** The audit log's (and webhook endpoints') database: postgres://… or a SQLite path. */
  databaseUrl: string;
  audit: AuditConfig;
  /**
   * EAGER_EXECUTION: in role `all`, the API's client shares the worker's connection and asks for eager workflow
   * starts, and the worker takes eager activities. Eager tasks skip the task queue (priority, its rate limit).
   */
  eagerExecution: boolean;
  smtp: {
    /** Undefined means: capture mail in the local outbox (AFTERWARD_DATA_DIR/outbox). */
    url?: string;
    tlsRejectUnauthorized: boolean;
    maxConnections: number;
    timeouts: { connectionMs: number; greetingMs: number; socketMs: number };
    outboxDir: string;
  };
  email: EmailConfig;
  webhooks: WebhookConfig;
  worker: { maxConcurrentActivities: number; taskQueueActivitiesPerSecond?: number; maxCachedWorkflows: number; shutdownGraceMs: number; metricsAddress?: string };
  /** The declarative schedules applied at start (roles all and api); `required` when SCHEDULES_FILE names it. */
  schedules: { file: string; required: boolean };
  tasks: TaskConfig;
}

export interface TaskConfig {
  /** TASK_ALLOWED_ORIGINS: where a task type's URL may point (scheme://host:port); none: no type can be registered. */
  allowedOrigins: readonly string[];
  /** Exempt from the SSRF policy for task calls: TASK_ALLOW_LIST, and every origin given as an IP address. */
  allowList: AllowList;
  /** TASK_SIGNING_SECRET: every secret that signs (the first is the current one); absent: the stored, generated one. */
  signingSecrets?: readonly string[];
  /** How long a rotated-out stored secret keeps signing. */
  secretGraceMs: number;
  maxPayloadBytes: number;
  /** The declarative task types applied at start; `required` when TASK_TYPES_FILE names it. */
  typesFile: { file: string; required: boolean };
  /** How often a worker looks for new task types and changed limits (it also starts polling a type it meets at once). */
  refreshMs: number;
}

export interface HttpConfig {
  host: string;
  port: number;
  publicUrl: string;
  /** Larger request bodies are refused with 413 before they are read. */
  maxBodyBytes: number;
  timeouts: { requestMs: number; headersMs: number; keepAliveMs: number };
}

export interface AuthConfig {
  /** AUTH_DISABLED: every route is open; logged as a warning at every start. */
  disabled: boolean;
  /** From API_KEYS. */
  keys: readonly ApiKey[];
  /** API_KEYS_FILE. */
  keysFile?: string;
  /** With neither API_KEYS nor API_KEYS_FILE: the key file made on first start. */
  firstStartFile: string;
  /** Per key: requests per second, and the extra requests allowed in any 10 s on top. */
  rateLimit: { perSecond: number; burst: number };
}

export interface AuditConfig {
  /** Largest `detail` of one event, as canonical JSON. */
  maxDetailBytes: number;
  maxBatchEvents: number;
  /** Largest batch, as the JSON of its events once ids and times are filled in. */
  maxBatchBytes: number;
  /** Writer workflows that events are spread over, by a hash of their id. */
  writerShards: number;
}

export interface EmailConfig {
  defaultFrom: string;
  messageIdDomain: string;
  retry: { initialIntervalMs: number; maximumIntervalMs: number; deadlineMs: number };
  maxBodyBytes: number;
  maxAttachmentBytes: number;
  /**
   * EMAIL_ACTIVITIES_PER_SECOND: SMTP sends started per second across all workers. While set, new email
   * jobs send from the email queue (`<task queue>-email`), whose workers apply it.
   */
  activitiesPerSecond?: number;
}

export interface WebhookConfig {
  /** Hosts and networks exempt from the SSRF policy (WEBHOOK_ALLOW_LIST). */
  allowList: AllowList;
  /** One attempt, connect to last byte read. */
  timeoutMs: number;
  maxPayloadBytes: number;
  /** Delay before each attempt; the first is normally 0. */
  retryScheduleMs: readonly number[];
  deadlineMs: number;
  disableAfterMs: number;
  /** How long a rotated-out secret keeps signing. */
  secretGraceMs: number;
  /**
   * WEBHOOK_ACTIVITIES_PER_SECOND: delivery attempts started per second across all workers. While set,
   * new webhook jobs attempt from the webhook queue (`<task queue>-webhook`), whose workers apply it.
   */
  activitiesPerSecond?: number;
}

export class ConfigError extends Error {}

/** Parses the environment once; a wrong value throws a ConfigError whose message names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // An empty value means unset, so a copied .env.example with blanks behaves like the defaults.
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const shown = SECRET_VARIABLES.has(name) ? '(hidden)' : JSON.stringify(env[name] ?? '');
    throw new ConfigError(`${name}=${shown} is invalid: ${issue.message}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.AFTERWARD_DATA_DIR);
  const useTls = e.TEMPORAL_TLS || Boolean(e.TEMPORAL_TLS_CERT_PATH || e.TEMPORAL_API_KEY);
  return Object.freeze({
    role: e.AFTERWARD_ROLE,
    dataDir,
    logLevel: e.LOG_LEVEL,
    http: {
      host: e.HTTP_HOST,
      port: e.HTTP_PORT,
      publicUrl: e.PUBLIC_URL ?? `http://${displayHost(e.HTTP_HOST)}:${e.HTTP_PORT}`,
      maxBodyBytes: e.HTTP_MAX_BODY_BYTES,
      timeouts: { requestMs: e.HTTP_REQUEST_TIMEOUT_MS, headersMs: Math.min(e.HTTP_HEADERS_TIMEOUT_MS, e.HTTP_REQUEST_TIMEOUT_MS), keepAliveMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS },
    },
    auth: {
      disabled: e.AUTH_DISABLED,
      keys: e.API_KEYS ?? [],
      keysFile: e.API_KEYS_FILE && path.resolve(e.API_KEYS_FILE),
      firstStartFile: path.join(dataDir, 'api-keys.json'),
      rateLimit: { perSecond: e.RATE_LIMIT_PER_SECOND, burst: e.RATE_LIMIT_BURST },
    },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      apiKey: e.TEMPORAL_API_KEY,
      tls: useTls
        ? { certPath: e.TEMPORAL_TLS_CERT_PATH, keyPath: e.TEMPORAL_TLS_KEY_PATH, caPath: e.TEMPORAL_TLS_CA_PATH, serverName: e.TEMPORAL_TLS_SERVER_NAME }
        : undefined,
      connectTimeoutMs: e.TEMPORAL_CONNECT_TIMEOUT_MS,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_DEV_UI_PORT}`,
      cliPath: e.TEMPORAL_CLI_PATH,
      devServer: { port: e.TEMPORAL_DEV_PORT, uiPort: e.TEMPORAL_DEV_UI_PORT, dbFile: path.join(dataDir, 'temporal.db') },
      payloadKeys: e.PAYLOAD_KEYS,
      uiCodecEndpoint: e.UI_CODEC_ENDPOINT,
    },
    databaseUrl: e.DATABASE_URL ?? path.join(dataDir, 'afterward.db'),
    eagerExecution: e.EAGER_EXECUTION,
    audit: {
      maxDetailBytes: e.AUDIT_MAX_DETAIL_BYTES,
      maxBatchEvents: e.AUDIT_MAX_BATCH_EVENTS,
      maxBatchBytes: e.AUDIT_MAX_BATCH_BYTES,
      writerShards: e.AUDIT_WRITER_SHARDS,
    },
    smtp: {
      url: e.SMTP_URL,
      tlsRejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
      maxConnections: e.SMTP_POOL_MAX_CONNECTIONS,
      timeouts: { connectionMs: e.SMTP_CONNECTION_TIMEOUT_MS, greetingMs: e.SMTP_GREETING_TIMEOUT_MS, socketMs: e.SMTP_SOCKET_TIMEOUT_MS },
      outboxDir: path.join(dataDir, 'outbox'),
    },
    email: {
      defaultFrom: e.EMAIL_DEFAULT_FROM,
      messageIdDomain: e.EMAIL_MESSAGE_ID_DOMAIN,
      retry: { initialIntervalMs: e.EMAIL_RETRY_INITIAL_MS, maximumIntervalMs: e.EMAIL_RETRY_MAX_MS, deadlineMs: e.EMAIL_SEND_DEADLINE_MS },
      maxBodyBytes: e.EMAIL_MAX_BODY_BYTES,
      maxAttachmentBytes: e.EMAIL_MAX_ATTACHMENT_BYTES,
      activitiesPerSecond: e.EMAIL_ACTIVITIES_PER_SECOND,
    },
    webhooks: {
      allowList: e.WEBHOOK_ALLOW_LIST ?? EMPTY_ALLOW_LIST,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      maxPayloadBytes: e.WEBHOOK_MAX_PAYLOAD_BYTES,
      retryScheduleMs: e.WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE_MS,
      deadlineMs: e.WEBHOOK_DEADLINE_MS,
      disableAfterMs: e.WEBHOOK_DISABLE_AFTER_MS,
      secretGraceMs: e.WEBHOOK_SECRET_GRACE_MS,
      activitiesPerSecond: e.WEBHOOK_ACTIVITIES_PER_SECOND,
    },
    worker: {
      maxConcurrentActivities: e.WORKER_MAX_CONCURRENT_ACTIVITIES,
      taskQueueActivitiesPerSecond: e.WORKER_TASK_QUEUE_ACTIVITIES_PER_SECOND,
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
      shutdownGraceMs: e.WORKER_SHUTDOWN_GRACE_MS,
      metricsAddress: e.WORKER_METRICS_ADDRESS,
    },
    schedules: { file: path.resolve(e.SCHEDULES_FILE ?? 'schedules.yaml'), required: e.SCHEDULES_FILE !== undefined },
    tasks: {
      allowedOrigins: e.TASK_ALLOWED_ORIGINS ?? [],
      allowList: withOriginAddresses(e.TASK_ALLOW_LIST ?? EMPTY_ALLOW_LIST, e.TASK_ALLOWED_ORIGINS ?? []),
      signingSecrets: e.TASK_SIGNING_SECRET,
      secretGraceMs: e.TASK_SECRET_GRACE_MS,
      maxPayloadBytes: e.TASK_MAX_PAYLOAD_BYTES,
      typesFile: { file: path.resolve(e.TASK_TYPES_FILE ?? 'task-types.yaml'), required: e.TASK_TYPES_FILE !== undefined },
      refreshMs: e.TASK_TYPES_REFRESH_MS,
    },
  });
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? 'localhost' : host;
}
