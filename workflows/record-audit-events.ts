import {
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  defineSignal,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AuditEventInput } from '../activities/audit-log';
import { type InsertTotals, insertBatch } from './audit-inserts';
import { MAX_AUDIT_PAYLOAD_BYTES, MAX_AUDIT_PAYLOAD_EVENTS, jsonBytes } from './shared/audit-limits';

export { REFUSED_ACTION } from './audit-inserts';

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

export type RecordAuditEventsResult = InsertTotals;

// Runs without this patch drop an event under an id they took before (silently when its content
// differs) and leave nothing but a log line of an event the store refused.
const REPORTS_CONFLICTS = 'audit-writer-reports-conflicts';

// Short runs keep a replay cheap (after a worker restart or a workflow task timeout under load).
const DEFAULT_MAX_HISTORY_LENGTH = 2_000;
const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;

/**
 * One writer of the audit log (the API spreads events over a few, by event id). Buffers the events
 * it is signalled and records them in batches, each in one transaction: while one insert runs, the
 * next batch fills. Continues as new when its history grows, carrying what it has not recorded yet.
 */
export async function recordAuditEvents(input: RecordAuditEventsInput = {}): Promise<RecordAuditEventsResult> {
  const reportsConflicts = patched(REPORTS_CONFLICTS);
  const pending: AuditEventInput[] = [];
  // Every event goes to the store, which tells a client retry (a duplicate) from another event under a
  // taken id (refused, and recorded as refused). Unpatched runs drop any id they took before.
  const taken = reportsConflicts ? undefined : new Set<string>();
  const accept = (events: AuditEventInput[]): void => {
    for (const event of events) {
      if (taken?.has(event.id)) continue;
      taken?.add(event.id);
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
      await insertBatch(pending.splice(0, insertSize(pending)), totals, reportsConflicts);
      const info = workflowInfo();
      const historyFull =
        info.continueAsNewSuggested || info.historyLength >= (input.maxHistoryLength ?? DEFAULT_MAX_HISTORY_LENGTH);
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
