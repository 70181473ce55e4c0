import type { AuditEventInput } from '../../activities/audit-log';
import type { AuditStore, StoredMatch } from '../../activities/store';
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
 * Compares events with what the audit log already holds, before anything is sent: an id recorded with
 * other content refuses the whole request (AuditEventConflictError), an event recorded already is answered
 * with its recorded `at` and not sent again. An id not yet recorded (still in its writer, or not readable
 * in time) is sent, and the writer's insert judges it.
 */
export function createStoredEventCheck(
  store: Pick<AuditStore, 'lookUp'>,
  timeoutMs: number,
): (events: AuditEventInput[]) => Promise<CheckedEvents> {
  const lookUp = coalescedLookUp(store, timeoutMs);
  return async (events) => {
    const matches = await lookUp(events);
    const conflicts = events.flatMap(({ id }, index) =>
      matches?.[index]?.outcome === 'conflict' ? [{ index, id }] : [],
    );
    if (conflicts.length > 0) throw new AuditEventConflictError(conflicts);
    return {
      unrecorded: events.filter((_, index) => matches?.[index]?.outcome !== 'duplicate'),
      accepted: events.map(({ id, at }, index) => ({ id, at: matches?.[index]?.at ?? at })),
    };
  };
}

interface Waiting {
  events: AuditEventInput[];
  settle(matches: StoredMatch[] | undefined): void;
}

/**
 * The store's answer for each request's events, or undefined when the read fails or is late. One read
 * at a time: while it runs, the events of other requests wait and go together in the next one (as the
 * writer queue does with signals), so the API reads far less often than it is called, and an outage
 * holds one connection, not one per request. A request that gives up leaves the queue.
 */
function coalescedLookUp(
  store: Pick<AuditStore, 'lookUp'>,
  timeoutMs: number,
): (events: AuditEventInput[]) => Promise<StoredMatch[] | undefined> {
  const waiting = new Set<Waiting>();
  let reading = false;
  const pump = async (): Promise<void> => {
    reading = true;
    while (waiting.size > 0) {
      const group = [...waiting];
      waiting.clear();
      // A failed read is the database being away: the events go to their writer unchecked, like late ones.
      const matches = await store.lookUp(group.flatMap((w) => w.events)).catch(() => undefined);
      let offset = 0;
      for (const w of group) w.settle(matches?.slice(offset, (offset += w.events.length)));
    }
    reading = false;
  };
  return (events) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(entry);
        resolve(undefined);
      }, timeoutMs);
      const entry: Waiting = {
        events,
        settle(matches) {
          clearTimeout(timer);
          resolve(matches);
        },
      };
      waiting.add(entry);
      if (!reading) void pump();
    });
}
