// B13 email batches: POST /v1/email-batches with 2,000 recipients (one template, each recipient's own data, at
// the batch's highest rate) until the sink has accepted every message, ÷ the same 2,000 messages sent straight
// through a pooled nodemailer transport (the worker's, same pool size, kept open as the worker keeps its own), 16
// at a time, to the same sink. After a warm-up of 500 each, rounds alternate (direct, batch, batch, direct) so a
// change in the machine's load falls on both.
import {
  createMailTransport,
  DEFAULT_SMTP_POOL,
  DEFAULT_SMTP_TIMEOUTS,
  type MailTransport,
} from '../../activities/mail-transport';
import { inParallel } from '../../src/in-parallel';
import { MAX_BATCH_RATE } from '../../src/kinds/batch/request-schema';
import type { BenchContext, Phase } from '../lib/context';
import { ratio } from '../lib/context';
import { pollUntil } from '../lib/load';
import { round } from '../lib/stats';

const RECIPIENTS = 2_000;
const WARMUP = 500;
const ROUNDS = ['direct', 'batch', 'batch', 'direct'] as const;
const ROUND_TIMEOUT_MS = 120_000;
/** As many sends at once as a batch chunk hands the transport. */
const DIRECT_CONCURRENCY = 16;
const TARGET = 0.7;

const subject = 'Benchmark';
const text = (n: number) => `Hello recipient ${n}, from npm run bench.`;

export const b13EmailBatch: Phase = {
  id: 'B13',
  title: 'Email batch throughput',
  async run(ctx) {
    const perSec: Record<'direct' | 'batch', number[]> = { direct: [], batch: [] };
    const transport = createMailTransport({
      url: ctx.sink.url,
      pool: DEFAULT_SMTP_POOL,
      timeouts: DEFAULT_SMTP_TIMEOUTS,
    });
    try {
      await direct(ctx, transport, WARMUP);
      await batch(ctx, WARMUP);
      for (const path of ROUNDS) {
        const rate = path === 'direct' ? await direct(ctx, transport, RECIPIENTS) : await batch(ctx, RECIPIENTS);
        ctx.log(`  ${path}: ${round(rate, 1)} messages/s`);
        perSec[path].push(rate);
      }
    } finally {
      transport.close();
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const [ours, baseline] = [mean(perSec.batch), mean(perSec.direct)];
    return {
      rows: [
        {
          measure: `email batch of ${RECIPIENTS.toLocaleString('en')}: POST → last message at the sink, messages/s`,
          ours: `${round(ours, 1)}/s`,
          baseline: `${round(baseline, 1)}/s`,
          ratio: ratio(ours, baseline),
          target: `≥ ${TARGET}`,
          met: ours / baseline >= TARGET,
        },
      ],
      data: { recipients: RECIPIENTS, perSec },
    };
  },
};

/** Every message accepted by the sink within the round's time, or the round fails. */
async function untilAccepted(ctx: BenchContext, count: number, what: string): Promise<void> {
  const done = await pollUntil(() => ctx.sink.accepted >= count, { timeoutMs: ROUND_TIMEOUT_MS, intervalMs: 10 });
  if (!done) throw new Error(`${what}: ${ctx.sink.accepted} of ${count} messages in ${ROUND_TIMEOUT_MS} ms`);
}

async function direct(ctx: BenchContext, transport: MailTransport, count: number): Promise<number> {
  const tag = Date.now();
  ctx.sink.reset();
  const started = performance.now();
  await inParallel(
    Array.from({ length: count }, (_, i) => i),
    DIRECT_CONCURRENCY,
    (i) =>
      transport.sendMail({
        from: 'Afterward <afterward@localhost>',
        to: `r${i}@example.com`,
        subject,
        text: text(i),
        messageId: `<direct-${tag}-${i}@bench>`,
      }),
  );
  await untilAccepted(ctx, count, 'direct');
  return count / ((performance.now() - started) / 1000);
}

async function batch(ctx: BenchContext, count: number): Promise<number> {
  const body = {
    template: { subject, text: 'Hello recipient {{ n }}, from npm run bench.' },
    recipients: Array.from({ length: count }, (_, n) => ({ to: `r${n}@example.com`, data: { n } })),
    ratePerSecond: MAX_BATCH_RATE,
  };
  ctx.sink.reset();
  const started = performance.now();
  await ctx.api.post('/v1/email-batches', body);
  const acceptedMs = performance.now() - started;
  await untilAccepted(ctx, count, 'batch');
  const times = [...ctx.sink.repliedAt.values()];
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const firstMs = first - performance.timeOrigin - started;
  ctx.log(
    `  batch of ${count}: accepted in ${round(acceptedMs, 0)} ms, first message at ${round(firstMs, 0)} ms, ` +
      `${round(count / ((last - first) / 1000), 0)}/s from first to last`,
  );
  return count / ((performance.now() - started) / 1000);
}
