// Fills the run's task queue with closed jobs for a phase that measures reading them: ping jobs started through
// the API by a bounded closed loop, then waited for until none is open. Bounded in count and time.
import { jobScope } from '../../src/jobs/job-query';
import type { BenchContext } from './context';
import { closedLoop, pollUntil } from './load';

export interface Filled {
  /** Jobs on the task queue before the fill (earlier phases' jobs count). */
  before: number;
  started: number;
  failed: number;
  /** Jobs on the task queue once the fill closed, and how many of them were still open when the wait ended. */
  total: number;
  open: number;
  seconds: number;
}

/** Starts pings until the task queue holds at least `jobs` jobs, and waits for every job on it to close. */
export async function fillWithClosedJobs(
  ctx: BenchContext,
  jobs: number,
  { concurrency, startWithinMs, closeWithinMs }: { concurrency: number; startWithinMs: number; closeWithinMs: number },
): Promise<Filled> {
  const started = Date.now();
  const scope = jobScope(ctx.taskQueue).join(' AND ');
  const count = async (extra = ''): Promise<number> => (await ctx.client.workflow.count(`${scope}${extra}`)).count;
  const open = () => count(` AND ExecutionStatus = 'Running'`);
  const before = await count();
  const run = await closedLoop(() => ctx.api.post('/v1/pings', { message: 'bench' }), {
    concurrency,
    maxCount: Math.max(0, jobs - before),
    maxMs: startWithinMs,
  });
  if (run.failed) ctx.log(`  ${run.failed} pings failed to start, the first with: ${run.firstError}`);
  const closed = await pollUntil(async () => (await open()) === 0, { timeoutMs: closeWithinMs, intervalMs: 1000 });
  const result = {
    before,
    started: run.ok,
    failed: run.failed,
    total: await count(),
    open: closed ? 0 : await open(),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  if (!closed) ctx.log(`  ${result.open} jobs still open after ${closeWithinMs / 1000} s: measuring anyway`);
  return result;
}
