import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineSignal,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AuditEventInput, InsertAuditEventsResult, createAuditActivities } from '../activities/audit-log';
import { MAX_AUDIT_PAYLOAD_BYTES, MAX_AUDIT_PAYLOAD_EVENTS, jsonBytes } from './shared/audit-limits';
import { AUDIT_EVENT_CONFLICT } from './shared/failure-types';

/** Events the API accepted. Temporal persists the signal before the API answers 202. */
export const auditEventsSignal = defineSignal<[AuditEventInput[]]>('auditEvents');

export interface RecordAuditEventsInput {
  /** Events a previous run accepted but had not recorded when it continued as new. */
  pending?: AuditEventInput[];
  /** Continue as new at this history length, unless Temporal suggests it sooner. Default 2,000 events. */
  maxHistoryLength?: number;
  /** Complete after this long without events; the next event starts a new run. Default 10 minutes. */
  idleTimeoutMs?: number;
}

export interface RecordAuditEventsResult {
  recorded: number;
  duplicates: number;
  /** Events whose id was already recorded with other content: the first event under an id wins. */
  refused: number;
}

// Short runs keep a replay cheap (after a worker restart or a workflow task timeout under load).
const DEFAULT_MAX_HISTORY_LENGTH = 2_000;
const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;

const { insertAuditEvents } = proxyActivities<ReturnType<typeof createAuditActivities>>({
  // Above SQLite's busy timeout and PostgreSQL's statement timeout, so those fire first.
  startToCloseTimeout: '1 minute',
  // No attempt limit: an accepted event must land however long the database is away. The
  // activity is idempotent on event ids, so a retry after a lost reply records nothing twice.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', nonRetryableErrorTypes: [AUDIT_EVENT_CONFLICT] },
});

/**
 * One writer of the audit log (the API spreads events over a few, by event id). Buffers the events
 * it is signalled and records them in batches, each in one transaction: while one insert runs, the
 * next batch fills. Continues as new when its history grows, carrying what it has not recorded yet.
 */
export async function recordAuditEvents(input: RecordAuditEventsInput = {}): Promise<RecordAuditEventsResult> {
  const pending: AuditEventInput[] = [];
  const accepted = new Set<string>();
  const accept = (events: AuditEventInput[]): void => {
    for (const event of events) {
      // A client retry that reaches this run again: the first event under an id wins, as in the store.
      if (accepted.has(event.id)) continue;
      accepted.add(event.id);
      pending.push(event);
    }
  };
  accept(input.pending ?? []);
  setHandler(auditEventsSignal, accept);
  const totals: RecordAuditEventsResult = { recorded: 0, duplicates: 0, refused: 0 };

  // Accepted events must land: a cancellation request does not stop the writer.
  return CancellationScope.nonCancellable(async () => {
    for (;;) {
      if (!(await condition(() => pending.length > 0, input.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS))) {
        await condition(allHandlersFinished);
        return totals;
      }
      await record(pending.splice(0, insertSize(pending)), totals);
      const info = workflowInfo();
      const historyFull = info.continueAsNewSuggested || info.historyLength >= (input.maxHistoryLength ?? DEFAULT_MAX_HISTORY_LENGTH);
      // With more than one insert's worth waiting (after an outage), record more before carrying the rest over.
      if (historyFull && insertSize(pending) === pending.length) {
        await condition(allHandlersFinished);
        return continueAsNew<typeof recordAuditEvents>({ ...input, pending });
      }
    }
  });
}

/** How many of the first pending events fit in one insert (always at least one). */
function insertSize(pending: AuditEventInput[]): number {
  let bytes = 0;
  let count = 0;
  for (const event of pending.slice(0, MAX_AUDIT_PAYLOAD_EVENTS)) {
    bytes += jsonBytes(event) + 1;
    if (count > 0 && bytes > MAX_AUDIT_PAYLOAD_BYTES) break;
    count++;
  }
  return count;
}

/**
 * Inserts a batch in one transaction. A conflict rolls the whole batch back, so the batch is split
 * in halves until the event at fault stands alone; it is refused and the rest is recorded.
 */
async function record(events: AuditEventInput[], totals: RecordAuditEventsResult): Promise<void> {
  let result: InsertAuditEventsResult;
  try {
    result = await insertAuditEvents(events);
  } catch (err) {
    if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === AUDIT_EVENT_CONFLICT)) throw err;
    if (events.length === 1) {
      totals.refused++;
      log.warn('audit event refused', { eventId: events[0]!.id, reason: err.cause.message });
      return;
    }
    const half = Math.ceil(events.length / 2);
    await record(events.slice(0, half), totals);
    await record(events.slice(half), totals);
    return;
  }
  totals.recorded += result.inserted;
  totals.duplicates += result.duplicates;
}
