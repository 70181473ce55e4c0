import { ApplicationFailure } from '@temporalio/common';

/**
 * The attempts a closed job that counts its own (webhooks, tasks) reports: in its result, or in its failure's first
 * detail. Undefined for a job that does not say.
 */
export function reportedAttempts(outcome: { result?: unknown; error?: unknown }): number | undefined {
  const report =
    outcome.result ?? (outcome.error instanceof ApplicationFailure ? outcome.error.details?.[0] : undefined);
  const attempts = (report as { attempts?: unknown } | undefined)?.attempts;
  return typeof attempts === 'number' ? attempts : undefined;
}
