// B3 end-to-end latency: from POST /v1/emails to the sink's 250 reply to DATA, at a fixed arrival
// rate of about half the email throughput B2 measured, ÷ the same for a direct send through a pooled
// nodemailer transport (the one the worker uses, same pool size) at the same rate. Four settings, API and
// worker in one process as `npm start` runs them: (a) every attempt an activity (EMAIL_FIRST_ATTEMPT=activity,
// the path before the local first attempt), (b) the default (a local first attempt), (c) (a) with eager workflow
// start and eager activities (EAGER_EXECUTION), (d) (b) with eager start.
import { createMailTransport, DEFAULT_SMTP_POOL, DEFAULT_SMTP_TIMEOUTS } from '../../activities/mail-transport';
import { addedMs, BENCH_EMAIL, type BenchContext, ms, type Phase, type Row, ratio } from '../lib/context';
import { openLoop, pollUntil } from '../lib/load';
import { round, summarize, type Summary } from '../lib/stats';

const DURATION_MS = 20_000;
const MAX_JOBS = 600;
const FALLBACK_RATE = 20;
const DELIVER_WITHIN_MS = 30_000;
const WARMUP = 10;
const TARGET_DEFAULT_P50_MS = 30;
const SETTINGS = [
  { name: '(a) every attempt an activity', eager: false, firstAttempt: 'activity' },
  { name: '(b) local first attempt (default)', eager: false, firstAttempt: 'local' },
  { name: '(c) activity + eager start and activity', eager: true, firstAttempt: 'activity' },
  { name: '(d) local first attempt + eager start', eager: true, firstAttempt: 'local' },
] as const;

interface Measured {
  latency: Summary;
  lost: number;
  failed: number;
}

export const b3Latency: Phase = {
  id: 'B3',
  title: 'End-to-end latency',
  async run(ctx) {
    const maxRate = (ctx.results.B2?.data.emailPerSec as number | undefined) ?? 2 * FALLBACK_RATE;
    const rate = round(Math.max(1, maxRate / 2), 1);
    const bounds = {
      ratePerSec: rate,
      maxCount: Math.min(MAX_JOBS, Math.round(rate * (DURATION_MS / 1000))),
      maxMs: DURATION_MS,
    };
    const rows: Row[] = [];
    const data: Record<string, unknown> = { ratePerSec: rate, jobsPerRun: bounds.maxCount };
    for (const { name, eager, firstAttempt } of SETTINGS) {
      await ctx.restartAfterward({ eager, env: { EMAIL_FIRST_ATTEMPT: firstAttempt } });
      const direct = await measure(ctx, 'direct', bounds);
      const api = await measure(ctx, 'api', bounds);
      const { eagerStarts } = await ctx.afterward.status();
      ctx.log(
        `  ${name}: API p50 ${api.latency.p50} / p99 ${api.latency.p99} ms; direct p50 ${direct.latency.p50} / p99 ${direct.latency.p99} ms; ${eagerStarts} eager starts`,
      );
      data[name] = { api, direct, eagerStarts };
      for (const p of ['p50', 'p99'] as const) {
        const isDefault = firstAttempt === 'local' && !eager && p === 'p50';
        rows.push({
          measure: `POST → 250 ${p}, ${rate}/s, ${name}`,
          ours: ms(api.latency[p]),
          baseline: ms(direct.latency[p]),
          ratio: `${ratio(api.latency[p], direct.latency[p])} (${addedMs(api.latency[p] - direct.latency[p])})`,
          target: isDefault ? `≤ ${TARGET_DEFAULT_P50_MS} ms` : '',
          ...(isDefault ? { met: api.latency.p50 <= TARGET_DEFAULT_P50_MS } : {}),
        });
      }
    }
    await ctx.restartAfterward({});
    return { rows, data };
  },
};

async function measure(
  ctx: BenchContext,
  path: 'api' | 'direct',
  bounds: { ratePerSec: number; maxCount: number; maxMs: number },
): Promise<Measured> {
  const transport =
    path === 'direct'
      ? createMailTransport({ url: ctx.sink.url, pool: DEFAULT_SMTP_POOL, timeouts: DEFAULT_SMTP_TIMEOUTS })
      : undefined;
  let ids: string[] = [];
  const send = async (i: number): Promise<void> => {
    if (transport) {
      ids[i] = `direct-${i}-${Date.now()}`;
      await transport.sendMail({
        from: 'Afterward <afterward@localhost>',
        ...BENCH_EMAIL,
        messageId: `<${ids[i]}@bench>`,
      });
    } else {
      ids[i] = (await ctx.api.post('/v1/emails', BENCH_EMAIL)).body.id;
    }
  };
  const delivered = () =>
    pollUntil(() => ids.every((id) => !id || ctx.sink.repliedAt.has(id)), { timeoutMs: DELIVER_WITHIN_MS });
  // Warm up, unmeasured: SMTP connections open, code paths compiled, on both sides alike.
  await openLoop(send, { ...bounds, maxCount: WARMUP });
  await delivered();
  ctx.sink.reset();
  ids = [];
  const run = await openLoop(send, bounds);
  if (run.failed) ctx.log(`  ${path}: ${run.failed} of ${run.issued} sends failed, the first with: ${run.firstError}`);
  await delivered();
  transport?.close();
  const latencies = ids.flatMap((id, i) =>
    id && ctx.sink.repliedAt.has(id) ? [ctx.sink.repliedAt.get(id)! - run.issuedAt[i]!] : [],
  );
  return { latency: summarize(latencies), lost: run.issued - run.failed - latencies.length, failed: run.failed };
}
