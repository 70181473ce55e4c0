import { ApplicationFailure } from '@temporalio/common';

/** What a closed job reported about itself: its result, or its failure's first detail. */
export function closedReport(outcome: { result?: unknown; error?: unknown }): unknown {
  return outcome.result ?? (outcome.error instanceof ApplicationFailure ? outcome.error.details?.[0] : undefined);
}

/** The attempts a closed job that counts its own (webhooks, tasks) reports; undefined for a job that does not say. */
export function reportedAttempts(outcome: { result?: unknown; error?: unknown }): number | undefined {
  const attempts = (closedReport(outcome) as { attempts?: unknown } | undefined)?.attempts;
  return typeof attempts === 'number' ? attempts : undefined;
}
