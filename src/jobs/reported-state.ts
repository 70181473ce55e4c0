import type { WorkflowExecutionInfo } from '@temporalio/client';
import { JOB_PHASE_MEMO_KEY, type JobPhaseMemo, type OpenJobPhase } from '../../workflows/shared/job-phase';
import { JOB_PHASE, JOB_SCHEDULED_FOR } from '../../workflows/shared/search-attributes';
import { closedJobStatus } from './job-status';
import type { Job } from './job-view';

/** The fields of a job a listing shows beyond what visibility always knows. */
export type JobState = Pick<Job, 'status' | 'attempts' | 'lastError' | 'nextAttemptAt'>;

/**
 * Where a run stands as its workflow reported it to visibility (workflows/shared/job-phase.ts): what GET /v1/jobs/:id
 * derives, read from the listing itself. Undefined where the run did not say and a describe must tell: an open run
 * of undecidedPhaseClause (no phase, an attempt the workers may not have started, a `scheduled` one whose time has
 * come), and a closed one that closed without saying (cancelled, terminated, timed out).
 */
export function reportedState(run: WorkflowExecutionInfo, now: Date): JobState | undefined {
  const memo = run.memo?.[JOB_PHASE_MEMO_KEY] as JobPhaseMemo | undefined;
  const closed = closedJobStatus(run.status.name);
  if (closed) return memo && memo.phase === undefined ? { status: closed, ...reported(memo) } : undefined;
  const phase = run.typedSearchAttributes.get(JOB_PHASE) as OpenJobPhase | undefined;
  const scheduledFor = run.typedSearchAttributes.get(JOB_SCHEDULED_FOR);
  // The clauses of undecidedPhaseClause (src/jobs/job-query.ts): a describe tells.
  if (!phase || phase === 'running' || (phase === 'scheduled' && !(scheduledFor && scheduledFor > now)))
    return undefined;
  // Started, and not yet moved by its workflow: no attempt so far.
  const state = { status: phase, ...(memo ? reported(memo) : { attempts: 0, lastError: null }) };
  return phase === 'retrying' && memo?.nextAttemptAt ? { ...state, nextAttemptAt: memo.nextAttemptAt } : state;
}

const reported = (memo: JobPhaseMemo) => ({ attempts: memo.attempts, lastError: memo.lastError });
