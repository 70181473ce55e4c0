import type { AuditEventInput } from '../../activities/audit-log';
import type { AuditStore, StoredMatch } from '../../activities/audit-store';
import { AuditEventConflictError } from './audit-event-conflict-error';

/** An event as the API answers it: its id, and its `at` (the recorded one when it was recorded already). */
export interface AcceptedEvent {
  id: string;
  at: string;
}

/** The events still to be sent to the writers, and the answer for all of them. */
export interface CheckedEvents {
  unrecorded: AuditEventInput[];
  accepted: AcceptedEvent[];
}

// While the database is away the read cannot answer, and events are still accepted (they wait in their
// writer): a request waits this long for the read, then goes on as if nothing were stored.
export const DEFAULT_STORED_CHECK_TIMEOUT_MS = 1000;

/**
 * Compares the events with what the audit log already holds, before anything is sent: an id recorded
 * with other content refuses the whole request (AuditEventConflictError), an event recorded already is
 * answered with its recorded `at` and not sent again. An id not yet recorded (still in its writer, or
 * not readable in time) is sent, and the writer's insert judges it.
 */
export async function checkStoredEvents(store: Pick<AuditStore, 'lookUp'>, events: AuditEventInput[], timeoutMs: number): Promise<CheckedEvents> {
  const matches = await lookUpInTime(store, events, timeoutMs);
  const conflicts = events.flatMap(({ id }, index) => (matches?.[index]?.outcome === 'conflict' ? [{ index, id }] : []));
  if (conflicts.length > 0) throw new AuditEventConflictError(conflicts);
  return {
    unrecorded: events.filter((_, index) => matches?.[index]?.outcome !== 'duplicate'),
    accepted: events.map(({ id, at }, index) => ({ id, at: matches?.[index]?.at ?? at })),
  };
}

/** The store's answer, or undefined when it fails or is late. */
async function lookUpInTime(store: Pick<AuditStore, 'lookUp'>, events: AuditEventInput[], timeoutMs: number): Promise<StoredMatch[] | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  try {
    // A failed read is the database being away: the events go to their writer unchecked, like the late ones.
    return await Promise.race([store.lookUp(events).catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
