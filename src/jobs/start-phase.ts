import type { SearchAttributePair } from '@temporalio/common';
import { startPhaseAttribute } from '../../workflows/shared/job-phase';
import { findKind } from '../kinds';

/**
 * The JobPhase search attribute a start sets: on the kind's own workflow where the kind reports its phase
 * (JobKind.reportsPhase, which may depend on the job's input), none otherwise. A job without one is described by a listing, like a run from before phases.
 */
export function startPhase(
  kind: string,
  workflowType: string,
  args: readonly unknown[],
  scheduledFor?: Date,
): SearchAttributePair[] {
  const found = findKind(kind);
  const reports = typeof found?.reportsPhase === 'function' ? found.reportsPhase(args) : found?.reportsPhase;
  return reports && found?.workflow.name === workflowType ? [startPhaseAttribute(scheduledFor, new Date())] : [];
}
