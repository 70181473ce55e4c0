import { ActivityFailure, ApplicationFailure, log, proxyActivities, uuid4 } from '@temporalio/workflow';
import type { AuditEventInput, InsertAuditEventsResult, createAuditActivities } from '../activities/audit-log';
import { AUDIT_EVENT_CONFLICT } from './shared/failure-types';

/** The action of the event a writer records when it refuses an event the API had accepted. */
export const REFUSED_ACTION = 'audit-event.refused';

export interface InsertTotals {
  recorded: number;
  duplicates: number;
  /** Events whose id was already recorded with other content: the first event under an id wins. */
  refused: number;
}

const { insertAuditEvents } = proxyActivities<ReturnType<typeof createAuditActivities>>({
  // Above SQLite's busy timeout and PostgreSQL's statement timeout, so those fire first.
  startToCloseTimeout: '1 minute',
  // No attempt limit: an accepted event must land however long the database is away. The
  // activity is idempotent on event ids, so a retry after a lost reply records nothing twice.
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [AUDIT_EVENT_CONFLICT],
  },
});

/**
 * Inserts a batch in one transaction. A conflict rolls the whole batch back, so the batch is split
 * in halves until the event at fault stands alone; it is refused (and, with `report`, recorded as
 * refused) and the rest is recorded.
 */
export async function insertBatch(events: AuditEventInput[], totals: InsertTotals, report: boolean): Promise<void> {
  let result: InsertAuditEventsResult;
  try {
    result = await insertAuditEvents(events);
  } catch (err) {
    const reason = conflictOf(err);
    if (reason === undefined) throw err;
    if (events.length === 1) {
      totals.refused++;
      log.warn('audit event refused', { eventId: events[0]!.id, reason });
      if (report) await recordRefusal(events[0]!, reason);
      return;
    }
    const half = Math.ceil(events.length / 2);
    await insertBatch(events.slice(0, half), totals, report);
    await insertBatch(events.slice(half), totals, report);
    return;
  }
  totals.recorded += result.inserted;
  totals.duplicates += result.duplicates;
}

/**
 * Records that an event was refused after the API had accepted it (its id reached the store with
 * other content first, while both were in flight), with the refused content: the audit log keeps
 * what it was sent even when it cannot keep it under that id. Found by action or by resource.
 */
async function recordRefusal({ id, atDefaulted: _, ...content }: AuditEventInput, reason: string): Promise<void> {
  const refusal: AuditEventInput = {
    id: `refused-${uuid4()}`,
    actor: 'afterward',
    action: REFUSED_ACTION,
    resource: `audit-event:${id}`,
    at: new Date().toISOString(),
    detail: { reason, event: { id, ...content } },
  };
  try {
    await insertAuditEvents([refusal]);
  } catch (err) {
    // Only content the store can never take fails here (the refusal carries the refused event's): the log line stays.
    const unrecordable = conflictOf(err);
    if (unrecordable === undefined) throw err;
    log.error('audit event refusal not recorded', { eventId: id, reason: unrecordable });
  }
}

/** The message of an insert refused for good (AuditEventConflict), else undefined. */
function conflictOf(err: unknown): string | undefined {
  return err instanceof ActivityFailure &&
    err.cause instanceof ApplicationFailure &&
    err.cause.type === AUDIT_EVENT_CONFLICT
    ? err.cause.message
    : undefined;
}
