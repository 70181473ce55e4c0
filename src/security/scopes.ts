/**
 * What an API key may do. Each route needs one of a list of scopes (src/http/operations/); a key
 * holds the scopes it was given, or `*` for all of them, including scopes added in later releases.
 */
export const SCOPES = [
  'jobs:write', // start jobs: emails, webhooks, pings
  'jobs:read', // read jobs, their attempts, and schedules
  'jobs:admin', // cancel, terminate, retry, replay, signal
  'schedules:read',
  'schedules:write',
  'audit:read',
  'audit:write',
  'webhooks:admin', // webhook endpoints: their URLs, secrets and recovery
  'codec:encode',
  'codec:decode', // plaintext of encrypted payloads, for the Temporal UI and CLI
  'metrics:read',
  'tasks:write', // enqueue tasks of the registered task types
  'tasks:complete', // complete, fail and report progress of async tasks: the key the app holds
  'tasks:admin', // task types and the task signing secret
  'templates:admin', // email templates: create, change, delete, preview
] as const;

export type Scope = (typeof SCOPES)[number];

export const EVERY_SCOPE = '*';

export type Grant = Scope | typeof EVERY_SCOPE;

export const GRANTS: readonly Grant[] = [...SCOPES, EVERY_SCOPE];

/** True when `granted` includes one of `accepted`. */
export function grantsAny(granted: readonly Grant[], accepted: readonly Scope[]): boolean {
  return granted.includes(EVERY_SCOPE) || accepted.some((scope) => granted.includes(scope));
}
