import { createHash } from 'node:crypto';
import { newUlid } from '../../activities/ids';

const JOB_ID = /^[a-z]+-[0-9a-z]{26}$/;

/** A new job id: `<kind>-<ulid>`, sortable by creation order (see newUlid). */
export function makeJobId(kind: string): string {
  return `${kind}-${newUlid().toLowerCase()}`;
}

/** The job id for a request carrying an Idempotency-Key: the same key always names the same job. */
export function makeIdempotentJobId(kind: string, key: string): string {
  return `${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 26)}`;
}

export function isJobId(id: string): boolean {
  return JOB_ID.test(id);
}
