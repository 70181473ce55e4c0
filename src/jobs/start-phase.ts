import type { SearchAttributePair } from '@temporalio/common';
import { startPhaseAttribute } from '../../workflows/shared/job-phase';
import { findKind } from '../kinds';

/**
 * The JobPhase search attribute a start sets: on the kind's own workflow where the kind reports its phase
 * (JobKind.reportsPhase), none otherwise. A job without one is described by a listing, like a run from before phases.
 */
export function startPhase(kind: string, workflowType: string, scheduledFor?: Date): SearchAttributePair[] {
  const found = findKind(kind);
  return found?.reportsPhase && found.workflow.name === workflowType
    ? [startPhaseAttribute(scheduledFor, new Date())]
    : [];
}
