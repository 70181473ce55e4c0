import path from 'node:path';
import { parseOrigins, withOriginAddresses } from '../../activities/tasks';
import { EMPTY_ALLOW_LIST } from '../../activities/webhooks';
import { duration } from './duration';
import type { Env } from './read-env';
import { allowList, commaList, optionalString, parsedWith, positiveInt } from './values';

/** Standard Webhooks secrets (`whsec_…`), separated by spaces or commas: every one signs. */
const parseSecrets = (text: string): string[] => {
  const secrets = text.split(/[\s,]+/).filter(Boolean);
  if (secrets.length === 0 || !secrets.every((s) => /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(s)))
    throw new Error('must be one or more whsec_<base64> secrets, separated by spaces');
  return secrets;
};

export const taskVariables = {
  TASK_ALLOWED_ORIGINS: parsedWith((text) => parseOrigins(commaList(text)))
    .optional()
    .describe(
      'comma-separated origins (`scheme://host[:port]`) of your apps that task types may call, e.g. `https://app.example.com,http://127.0.0.1:8000`; unset, no task type can be registered; an origin given as an IP address is exempt from the SSRF policy',
    ),
  TASK_ALLOW_LIST: allowList
    .optional()
    .describe(
      'hosts, addresses or CIDRs that task calls may reach although the SSRF policy forbids them, as `WEBHOOK_ALLOW_LIST`',
    ),
  TASK_SIGNING_SECRET: parsedWith(parseSecrets)
    .optional()
    .meta({ secret: true })
    .describe(
      'the `whsec_…` secrets that sign task calls, separated by spaces, the current one first (list the old one after the new one while your app switches); unset, a secret made at first start, kept in the database (encrypted with `PAYLOAD_KEYS`) and rotated with `POST /v1/task-signing-secret/rotate`',
    ),
  TASK_SECRET_GRACE: duration({ default: '24h', alias: 'TASK_SECRET_GRACE_MS', allowZero: true }).describe(
    'how long a rotated-out stored task signing secret keeps signing',
  ),
  TASK_MAX_PAYLOAD_BYTES: positiveInt
    .default(256 * 1024)
    .describe('largest `payload` of a task job, as JSON (413 above it)'),
  TASK_TYPES_FILE: optionalString
    .meta({ shownDefault: '`task-types.yaml`, when present' })
    .describe(
      'declarative task types applied at start by roles `all` and `api` ([`task-types.example.yaml`](../task-types.example.yaml)); a named file must exist',
    ),
  TASK_TYPES_REFRESH: duration({ default: '10s', alias: 'TASK_TYPES_REFRESH_MS' }).describe(
    'how often a worker looks for new task types and changed limits (it also starts polling a type it meets at once)',
  ),
};

export const readTasks = (e: Env<typeof taskVariables>) => ({
  tasks: {
    allowedOrigins: e.TASK_ALLOWED_ORIGINS ?? [],
    /** Exempt from the SSRF policy for task calls: TASK_ALLOW_LIST, and every origin given as an IP address. */
    allowList: withOriginAddresses(e.TASK_ALLOW_LIST ?? EMPTY_ALLOW_LIST, e.TASK_ALLOWED_ORIGINS ?? []),
    /** Every secret that signs (the first is the current one); undefined: the stored, generated one. */
    signingSecrets: e.TASK_SIGNING_SECRET,
    secretGraceMs: e.TASK_SECRET_GRACE,
    maxPayloadBytes: e.TASK_MAX_PAYLOAD_BYTES,
    /** `required`: TASK_TYPES_FILE names the file, so it must exist. */
    typesFile: {
      file: path.resolve(e.TASK_TYPES_FILE ?? 'task-types.yaml'),
      required: e.TASK_TYPES_FILE !== undefined,
    },
    refreshMs: e.TASK_TYPES_REFRESH,
  },
});
