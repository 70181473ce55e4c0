import type { JobError } from '../../../jobs/job-error';

export interface ClosedRun {
  workflowId: string;
  runId: string;
}

/**
 * Remembers what each closed run failed with, by run id: a closed run never changes, so the live stream reads a
 * run's failure once, not on every tick. A failed read is forgotten, to be tried again; past `max` runs the
 * oldest are dropped.
 */
export function failureCache<R extends ClosedRun>(
  read: (run: R) => Promise<JobError | null>,
  max = 5000,
): (run: R) => Promise<JobError | null> {
  const known = new Map<string, Promise<JobError | null>>();
  return (run) => {
    const cached = known.get(run.runId);
    if (cached) return cached;
    const reading = read(run).catch((err: unknown) => {
      known.delete(run.runId);
      throw err;
    });
    known.set(run.runId, reading);
    if (known.size > max) known.delete(known.keys().next().value!);
    return reading;
  };
}
