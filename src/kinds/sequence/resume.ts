import type { RunSequenceInput, StepProgress } from '../../../workflows/run-sequence';

/**
 * A retry of a failed sequence resumes at the first step that did not succeed: the steps that did (from
 * the progress the failed run kept in its memo) are carried over with their results, so no email is sent
 * twice and no webhook re-posted. Steps carried over by an earlier retry stay carried over.
 */
export function resumeAfterFailure([input]: unknown[], failedMemo: Record<string, unknown> | undefined): unknown[] {
  const progress = (failedMemo?.progress ?? []) as StepProgress[];
  const completed = progress
    .filter((p) => p.status === 'succeeded')
    .map((p) => ({ step: p.step, result: p.result ?? null }));
  const resumed: RunSequenceInput = { ...(input as RunSequenceInput), completed };
  return [resumed];
}
