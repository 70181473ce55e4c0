import { createHash } from 'node:crypto';
import { newUlid } from '../../activities/ids';

const JOB_ID = /^[a-z]+-[0-9a-z]{26}$/;

/** A new job id: `<kind>-<ulid>`, sortable by creation order (see newUlid). */
export function makeJobId(kind: string): string {
  return `${kind}-${newUlid().toLowerCase()}`;
}

/**
 * The job id for a request carrying an Idempotency-Key: the same key from the same caller always names the
 * same job. `scope` is the API key's name, so two callers who happen to pick one key never share a job
 * (without auth there is one caller, and the id is what it was before keys were scoped); `part` tells
 * apart the jobs one request starts (a webhook's endpoints).
 */
export function makeIdempotentJobId(kind: string, key: string, o: { scope?: string; part?: string } = {}): string {
  const scoped = [
    ...(o.scope === undefined ? [] : [`scope:${o.scope}`]),
    key,
    ...(o.part === undefined ? [] : [o.part]),
  ].join('\n');
  return `${kind}-${createHash('sha256').update(scoped).digest('hex').slice(0, 26)}`;
}

export function isJobId(id: string): boolean {
  return JOB_ID.test(id);
}
