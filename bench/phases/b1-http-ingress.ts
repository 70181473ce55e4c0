// B1 HTTP ingress: workflow starts/s through POST /v1/emails ÷ starts/s from bare
// client.workflow.start calls with the same concurrency and the same workflow, input, search
// attributes and memo. Every email waits an hour, so only the start is measured; they are
// terminated afterwards.
import { randomUUID } from 'node:crypto';
import type { SendEmailWorkflowInput } from '../../workflows/send-email';
import { JOB_KIND, JOB_SCHEDULED_FOR } from '../../workflows/shared/search-attributes';
import { loadConfig } from '../../src/config';
import { makeJobId } from '../../src/jobs/ids';
import { addedMs, BENCH_EMAIL, type BenchContext, ms, type Phase, ratio } from '../lib/context';
import { alternatingRounds, closedLoop } from '../lib/load';

const CONCURRENCY = 16;
const WARMUP = { maxCount: 200, maxMs: 15_000 };
/** Short rounds in a balanced order (ABBA BAAB), so drift in the machine's load hits both paths alike. */
const ROUND = { maxCount: 1_000, maxMs: 8_000 };
const ORDER = ['bare', 'api', 'api', 'bare', 'api', 'bare', 'bare', 'api'] as const;
const DELAY_MS = 3_600_000;

export const b1HttpIngress: Phase = {
  id: 'B1',
  title: 'HTTP ingress',
  async run(ctx) {
    const email = loadConfig({}).email;
    const calls = {
      api: () => ctx.api.post('/v1/emails', { ...BENCH_EMAIL, delay: '1h' }),
      bare: () => {
        const jobId = makeJobId('email');
        const sendAt = new Date(Date.now() + DELAY_MS);
        const input: SendEmailWorkflowInput = {
          messageId: `<${jobId}@${email.messageIdDomain}>`,
          message: { ...BENCH_EMAIL },
          sendAt: sendAt.toISOString(),
          retry: email.retry,
          firstAttempt: 'local',
        };
        return ctx.client.workflow.start('sendEmail', {
          taskQueue: ctx.taskQueue,
          workflowId: jobId,
          args: [input],
          typedSearchAttributes: [
            { key: JOB_KIND, value: 'email' },
            { key: JOB_SCHEDULED_FOR, value: sendAt },
          ],
          memo: { input: { recipients: 1, subject: BENCH_EMAIL.subject, attachments: 0 }, requestId: randomUUID() },
        });
      },
    };
    for (const path of ['bare', 'api'] as const) await closedLoop(calls[path], { concurrency: CONCURRENCY, ...WARMUP });

    const { api, bare } = await alternatingRounds(calls, ORDER, { concurrency: CONCURRENCY, ...ROUND }, ctx.log);
    const terminated = await terminateWaiting(ctx);
    const throughput = api.perSec / bare.perSec;
    const addedP99 = api.latency.p99 - bare.latency.p99;
    return {
      rows: [
        {
          measure: `starts/s, ${CONCURRENCY} concurrent callers`,
          ours: `${api.perSec}/s`,
          baseline: `${bare.perSec}/s`,
          ratio: ratio(api.perSec, bare.perSec),
          target: '≥ 0.95',
          met: throughput >= 0.95,
        },
        {
          measure: 'start latency p50',
          ours: ms(api.latency.p50),
          baseline: ms(bare.latency.p50),
          ratio: ratio(api.latency.p50, bare.latency.p50),
          target: '',
        },
        {
          measure: 'start latency p99',
          ours: ms(api.latency.p99),
          baseline: ms(bare.latency.p99),
          ratio: addedMs(addedP99),
          target: '≤ +2 ms',
          met: addedP99 <= 2,
        },
      ],
      data: { concurrency: CONCURRENCY, rounds: ORDER, api, bare, terminated },
    };
  },
};

/** Terminates every workflow still running on the bench task queue (the hour-long waits above). */
async function terminateWaiting(ctx: BenchContext): Promise<number> {
  const ids: string[] = [];
  for await (const wf of ctx.client.workflow.list({
    query: `TaskQueue = "${ctx.taskQueue}" AND ExecutionStatus = "Running"`,
  }))
    ids.push(wf.workflowId);
  const run = await closedLoop((i) => ctx.client.workflow.getHandle(ids[i]!).terminate('benchmark clean-up'), {
    concurrency: 16,
    maxCount: ids.length,
    maxMs: 120_000,
  });
  ctx.log(
    `  terminated ${run.ok} of ${ids.length} waiting workflows${run.failed ? ` (${run.failed} failed: ${run.firstError})` : ''}`,
  );
  return run.ok;
}
