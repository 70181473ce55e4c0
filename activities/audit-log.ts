import { ApplicationFailure } from '@temporalio/activity';
import { AUDIT_EVENT_CONFLICT } from '../workflows/shared/failure-types';
import { type AuditEventInput, type AuditStore, InvalidAuditEventError } from './store';

export type { AuditEventInput } from './store';

export interface AuditActivityDeps {
  store: AuditStore;
}

export interface InsertAuditEventsResult {
  inserted: number;
  duplicates: number;
}

export function createAuditActivities({ store }: AuditActivityDeps) {
  return {
    /**
     * Records a batch exactly once: a retry after a successful insert (lost reply, worker crash)
     * finds every id stored with the same content and counts them as duplicates. The batch is
     * atomic: a conflict records none of it. Database errors propagate as retryable failures.
     */
    async insertAuditEvents(events: AuditEventInput[]): Promise<InsertAuditEventsResult> {
      try {
        return await store.transaction(async (tx) => {
          const outcomes = await tx.append(events);
          const conflicts = outcomes.filter((outcome) => outcome.outcome === 'conflict').map((outcome) => outcome.id);
          if (conflicts.length > 0) {
            // The stored content of these ids never changes (append-only), so a retry meets the same conflict.
            // Thrown inside the transaction: the rest of the batch is rolled back with it.
            throw ApplicationFailure.nonRetryable(
              `Audit event ids already recorded with different content: ${conflicts.map((id) => JSON.stringify(id)).join(', ')}; nothing from this batch was recorded`,
              AUDIT_EVENT_CONFLICT,
            );
          }
          const inserted = outcomes.filter((outcome) => outcome.outcome === 'inserted').length;
          return { inserted, duplicates: outcomes.length - inserted };
        });
      } catch (error) {
        // Malformed input (bad timestamp, non-JSON detail) fails the same way on every attempt.
        if (error instanceof InvalidAuditEventError)
          throw ApplicationFailure.nonRetryable(error.message, AUDIT_EVENT_CONFLICT);
        throw error;
      }
    },
  };
}
