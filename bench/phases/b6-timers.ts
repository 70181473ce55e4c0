// B6 worker memory and timers: 1,000 emails scheduled for the same instant a few seconds ahead.
// While they wait, each is a workflow in the worker's cache: RSS added per cached workflow. When the
// instant comes, every timer fires at once: lateness of the server's TimerFired event, of the
// worker's reaction (the send started: the local first attempt scheduled, or with EMAIL_FIRST_ATTEMPT=activity the
// smtpSend activity scheduled) and of the mail reaching the sink; and the workflow tasks each job took after it.
import { tsToMs } from '@temporalio/common/lib/time';
import { localActivityAttempt } from '../../src/jobs/local-activity-marker';
import { BENCH_EMAIL, type BenchContext, type Phase, ratio } from '../lib/context';
import { closedLoop, pollUntil } from '../lib/load';
import { round, summarize } from '../lib/stats';

const JOBS = 1_000;
/**
 * All 1,000 waiting workflows plus headroom stay in the cache, so none is evicted and replayed from
 * its history when its timer fires (that replay is what a too-small cache adds to lateness). The
 * product default, 1,000, is exactly the job count here and leaves no room for anything else.
 */
const MAX_CACHED_WORKFLOWS = 1_200;
const CREATE_CONCURRENCY = 16;
/** Time to settle between the last job created and the measurement of the waiting ones. */
const SETTLE_MS = 8_000;
const DELIVER_WITHIN_MS = 60_000;
const TARGET_P99_MS = 2_000;

export const b6Timers: Phase = {
  id: 'B6',
  title: 'Worker memory and timers',
  async run(ctx) {
    // The path before the local first attempt first, then the default: the same 1,000 timers each way.
    const activity = await fireTogether(ctx, 'activity');
    const local = await fireTogether(ctx, 'local');
    await ctx.restartAfterward({});
    const { acted, fired, mail, tasksAfter } = local.latenessMs;
    return {
      rows: [
        {
          measure: `RSS per cached waiting workflow (maxCachedWorkflows ${MAX_CACHED_WORKFLOWS})`,
          ours: `${local.rssPerWorkflowKiB} KiB`,
          baseline: `${activity.rssPerWorkflowKiB} KiB`,
          ratio: ratio(local.rssPerWorkflowKiB, activity.rssPerWorkflowKiB),
          target: '',
        },
        {
          measure: `timer lateness p99, ${local.jobs} firing together (worker acted: the send started), local first attempt ÷ activity`,
          ours: `${acted.p99} ms`,
          baseline: `${activity.latenessMs.acted.p99} ms`,
          ratio: ratio(acted.p99, activity.latenessMs.acted.p99),
          target: `≤ ${TARGET_P99_MS} ms`,
          met: acted.p99 <= TARGET_P99_MS,
        },
        {
          measure: 'workflow tasks per job after its timer fired, p50 / max',
          ours: `${tasksAfter.p50} / ${tasksAfter.max}`,
          baseline: `${activity.latenessMs.tasksAfter.p50} / ${activity.latenessMs.tasksAfter.max}`,
          ratio: '',
          target: '',
        },
        {
          measure: 'timer lateness p50 / p99 (server TimerFired)',
          ours: `${fired.p50} / ${fired.p99} ms`,
          baseline: `${activity.latenessMs.fired.p50} / ${activity.latenessMs.fired.p99} ms`,
          ratio: '',
          target: '',
        },
        {
          measure: 'lateness p50 / p99 to the 250 reply (mail sent)',
          ours: `${mail.p50} / ${mail.p99} ms`,
          baseline: `${activity.latenessMs.mail.p50} / ${activity.latenessMs.mail.p99} ms`,
          ratio: ratio(mail.p99, activity.latenessMs.mail.p99),
          target: '',
        },
      ],
      data: { maxCachedWorkflows: MAX_CACHED_WORKFLOWS, local, activity },
    };
  },
};

/** 1,000 emails due at one instant, with the first attempt local or an activity: memory while they wait, lateness when they fire. */
async function fireTogether(ctx: BenchContext, firstAttempt: 'local' | 'activity') {
  await ctx.restartAfterward({
    env: { WORKER_MAX_CACHED_WORKFLOWS: String(MAX_CACHED_WORKFLOWS), EMAIL_FIRST_ATTEMPT: firstAttempt },
  });
  // Warm up: bundle loaded, V8 contexts and pools created, so what follows is the cache alone.
  await closedLoop(() => ctx.api.post('/v1/emails', BENCH_EMAIL), { concurrency: 8, maxCount: 50, maxMs: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const before = await steadyStatus(ctx);

  ctx.sink.reset();
  // Far enough ahead to create all the jobs at the start rate B1 measured (a busy machine is slow), but close.
  const startsPerSec = (ctx.results.B1?.data.api as { perSec?: number } | undefined)?.perSec ?? 50;
  const createMs = Math.min(120_000, Math.round((1.5 * JOBS * 1000) / startsPerSec));
  const fireAt = new Date(Date.now() + createMs + SETTLE_MS);
  const ids: string[] = [];
  const created = await closedLoop(
    (i) =>
      ctx.api.post('/v1/emails', { ...BENCH_EMAIL, sendAt: fireAt.toISOString() }).then((r) => (ids[i] = r.body.id)),
    {
      concurrency: CREATE_CONCURRENCY,
      maxCount: JOBS,
      maxMs: createMs,
    },
  );
  ctx.log(`  created ${created.ok} waiting emails in ${Math.round(created.elapsedMs)} ms`);
  if (created.failed)
    throw new Error(
      `${created.failed} of the waiting emails could not be created, the first with: ${created.firstError}`,
    );
  await pollUntil(async () => (await ctx.afterward.status()).cachedWorkflows >= before.cachedWorkflows + created.ok, {
    timeoutMs: Math.max(0, fireAt.getTime() - Date.now() - 3_000),
  });
  const waiting = await steadyStatus(ctx);
  if (Date.now() >= fireAt.getTime())
    throw new Error('B6: the timers fired before the waiting workflows could be measured');
  const addedWorkflows = waiting.cachedWorkflows - before.cachedWorkflows;
  const perWorkflowKiB = round((waiting.rssBytes - before.rssBytes) / addedWorkflows / 1024, 1);

  const jobIds = ids.filter(Boolean);
  const delivered = await pollUntil(() => jobIds.every((id) => ctx.sink.repliedAt.has(id)), {
    timeoutMs: fireAt.getTime() - Date.now() + DELIVER_WITHIN_MS,
  });
  const at = fireAt.getTime();
  const mail = summarize(
    jobIds.flatMap((id) => (ctx.sink.repliedAt.has(id) ? [ctx.sink.repliedAt.get(id)! - at] : [])),
  );
  const events = await timerEvents(ctx, jobIds);
  const fired = summarize(events.map((e) => e.timerFired - at));
  const acted = summarize(events.map((e) => e.sendStarted - at));
  const tasksAfter = summarize(events.map((e) => e.tasksAfter));
  ctx.log(
    `  ${firstAttempt} first attempt: RSS +${perWorkflowKiB} KiB per cached workflow; lateness p99: timer fired ${fired.p99} ms, worker acted ${acted.p99} ms, mail ${mail.p99} ms; ${tasksAfter.p50} workflow tasks after the timer`,
  );
  return {
    jobs: created.ok,
    delivered,
    before,
    waiting,
    addedWorkflows,
    rssPerWorkflowKiB: perWorkflowKiB,
    latenessMs: { fired, acted, mail, tasksAfter },
  };
}

/** Three status samples 500 ms apart; the median RSS, so one GC in between does not decide. */
async function steadyStatus(ctx: BenchContext): Promise<{ rssBytes: number; cachedWorkflows: number }> {
  const samples = [];
  for (let i = 0; i < 3; i++) {
    samples.push(await ctx.afterward.status());
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const rss = samples.map((s) => s.rssBytes).sort((a, b) => a - b)[1]!;
  return { rssBytes: rss, cachedWorkflows: samples.at(-1)!.cachedWorkflows };
}

interface TimerEvents {
  timerFired: number;
  /** When the worker started the send: the local attempt's schedule time, or the smtpSend activity's scheduled event. */
  sendStarted: number;
  /** Workflow tasks completed after the timer fired. */
  tasksAfter: number;
}

/** From each job's history: when its timer fired, when the worker then started the send, and the tasks it took. */
async function timerEvents(ctx: BenchContext, ids: string[]): Promise<TimerEvents[]> {
  const converter = ctx.client.workflow.options.loadedDataConverter;
  const found: TimerEvents[] = [];
  await closedLoop(
    async (i) => {
      const events = (await ctx.client.workflow.getHandle(ids[i]!).fetchHistory()).events ?? [];
      const firedAt = events.findIndex((e) => e.timerFiredEventAttributes);
      if (firedAt < 0) return;
      const after = events.slice(firedAt);
      const scheduled = after.find((e) => e.activityTaskScheduledEventAttributes);
      const local = (await Promise.all(after.map((e) => localActivityAttempt(converter, e)))).find(
        (a) => a?.activityType === 'smtpSend',
      );
      const sendStarted = local?.scheduledMs ?? (scheduled ? tsToMs(scheduled.eventTime) : undefined);
      if (sendStarted === undefined) return;
      found.push({
        timerFired: tsToMs(events[firedAt]!.eventTime),
        sendStarted,
        tasksAfter: after.filter((e) => e.workflowTaskCompletedEventAttributes).length,
      });
    },
    { concurrency: 8, maxCount: ids.length, maxMs: 60_000 },
  );
  return found;
}
