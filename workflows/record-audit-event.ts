import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { AuditEventInput, createAuditActivities } from '../activities/audit-log';
import { dueTime } from './shared/due-time';
import { refuseEverySignal } from './shared/rejected-signals';
import { AUDIT_EVENT_CONFLICT } from './shared/failure-types';

/** One run of an audit schedule: the event, less its id and time, which each run decides. */
export type RecordAuditEventInput = Omit<AuditEventInput, 'id' | 'at'>;

export interface RecordAuditEventResult {
  id: string;
  at: string;
  /** False when the event was already recorded (by an earlier run of this job). */
  recorded: boolean;
}

const { insertAuditEvents } = proxyActivities<ReturnType<typeof createAuditActivities>>({
  startToCloseTimeout: '1 minute',
  // Idempotent on the event id; past the deadline a database outage fails the run, which can be retried.
  scheduleToCloseTimeout: '1 hour',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    nonRetryableErrorTypes: [AUDIT_EVENT_CONFLICT],
  },
});

/**
 * Records one audit event per run: its id is the run's job id, its time the run's due time, so a run
 * records exactly one event, and a replay or a retry of the job records it again as the same event
 * (which the store counts as a duplicate), never a second one.
 */
export async function recordAuditEvent(input: RecordAuditEventInput): Promise<RecordAuditEventResult> {
  refuseEverySignal();
  const event: AuditEventInput = { ...input, id: workflowInfo().workflowId, at: dueTime().toISOString() };
  const { inserted } = await insertAuditEvents([event]);
  return { id: event.id, at: event.at, recorded: inserted === 1 };
}
