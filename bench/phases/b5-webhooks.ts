// B5 webhook client: signed deliveries/s to a local receiver ÷ raw `undici.request` POSTs/s to the
// same receiver at the same concurrency. Measured twice: the delivery activity's own code path
// (endpoint and secrets loaded from a real SQLite store, signing, the SSRF-guarded connector, capped
// reading), called in the bench process, which is what "the webhook client" costs; then whole
// webhook jobs through POST /v1/webhooks, which adds Temporal's orchestration (as B2 measures it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { createWebhookActivities, createWebhookHttpClient, parseAllowList } from '../../activities/webhooks';
import { createLogger } from '../../src/logger';
import { openStore } from '../../src/store/open-store';
import { type BenchContext, type Phase, ratio, type Row } from '../lib/context';
import { alternatingRounds, closedLoop, pollUntil } from '../lib/load';
import { round } from '../lib/stats';
import { type BenchWebhookReceiver, startBenchWebhookReceiver } from '../lib/webhook-receiver';

const CONCURRENCY = 16;
const WARMUP = { maxCount: 500, maxMs: 5_000 };
const ROUND = { maxCount: 20_000, maxMs: 4_000 };
const ORDER = ['raw', 'ours', 'ours', 'raw', 'ours', 'raw', 'raw', 'ours'] as const;
const JOBS = { concurrency: CONCURRENCY, maxCount: 400, maxMs: 30_000 };
const DELIVER_WITHIN_MS = 90_000;
const EVENT = {
  event: 'invoice.paid',
  payload: { invoiceId: 'inv_123', amount: 4200, currency: 'EUR', paidAt: '2026-11-22T10:00:00Z' },
};

export const b5Webhooks: Phase = {
  id: 'B5',
  title: 'Webhook client',
  async run(ctx) {
    const receiver = await startBenchWebhookReceiver();
    try {
      const raw = () =>
        request(receiver.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(EVENT.payload),
        }).then(async (r) => {
          await r.body.dump();
          if (r.statusCode !== 204) throw new Error(`receiver answered ${r.statusCode}`);
        });
      const client = await measureClient(ctx, receiver.url, raw);
      const jobs = await measureJobs(ctx, receiver);
      const pingPerSec = ctx.results.B2?.data.pingPerSec as number | undefined;
      const rows: Row[] = [
        {
          measure: `webhook client: signed POSTs/s, ${CONCURRENCY} concurrent (delivery activity code, in process)`,
          ours: `${client.ours.perSec}/s`,
          baseline: `${client.raw.perSec}/s`,
          ratio: ratio(client.ours.perSec, client.raw.perSec),
          target: '≥ 0.9',
          met: client.ours.perSec / client.raw.perSec >= 0.9,
        },
        {
          measure: `webhook jobs: deliveries/s through POST /v1/webhooks, ${CONCURRENCY} concurrent`,
          ours: `${jobs.perSec}/s`,
          baseline: `${client.raw.perSec}/s raw`,
          ratio: ratio(jobs.perSec, client.raw.perSec),
          target: '',
        },
      ];
      if (pingPerSec)
        rows.push({
          measure: 'webhook jobs/s ÷ no-op jobs/s (B2)',
          ours: `${jobs.perSec}/s`,
          baseline: `${pingPerSec}/s`,
          ratio: ratio(jobs.perSec, pingPerSec),
          target: '',
        });
      return { rows, data: { concurrency: CONCURRENCY, client, jobs } };
    } finally {
      await receiver.close();
    }
  },
};

async function measureClient(ctx: BenchContext, url: string, raw: () => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-bench-b5-'));
  const store = await openStore(path.join(dir, 'endpoints.db'), createLogger('warn'));
  const http = createWebhookHttpClient({ allow: parseAllowList(['127.0.0.1']), maxConnectionsPerOrigin: CONCURRENCY });
  try {
    const { endpoint } = await store.webhookEndpoints.create({ url });
    const { postWebhook } = createWebhookActivities({
      client: http,
      loadEndpoint: (id) => store.webhookEndpoints.loadForDelivery(id),
    });
    const ours = async (i: number) => {
      const record = await postWebhook({ jobId: `bench-${i}`, endpointId: endpoint.id, attempt: 1, ...EVENT });
      if (record.outcome !== 'delivered')
        throw new Error(`delivery ${record.outcome}: ${record.statusCode ?? record.error}`);
    };
    for (const call of [raw, ours]) await closedLoop(call, { concurrency: CONCURRENCY, ...WARMUP });
    return await alternatingRounds({ raw, ours }, ORDER, { concurrency: CONCURRENCY, ...ROUND }, ctx.log);
  } finally {
    await http.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Webhook jobs started as fast as the API takes them; deliveries/s from the first POST to the last delivery read. */
async function measureJobs(ctx: BenchContext, receiver: BenchWebhookReceiver) {
  const { body: endpoint } = await ctx.api.post<{ id: string }>('/v1/webhook-endpoints', {
    url: receiver.url,
    description: 'npm run bench',
  });
  const send = () => ctx.api.post('/v1/webhooks', { ...EVENT, endpointId: endpoint.id });
  await closedLoop(send, { concurrency: CONCURRENCY, maxCount: 20, maxMs: 10_000 });
  await pollUntil(() => receiver.received >= 20, { timeoutMs: DELIVER_WITHIN_MS });
  receiver.reset();
  const started = Date.now();
  const run = await closedLoop(send, JOBS);
  if (run.failed) ctx.log(`  ${run.failed} of ${run.ok + run.failed} webhook jobs refused: ${run.firstError}`);
  const all = await pollUntil(() => receiver.received >= run.ok, { timeoutMs: DELIVER_WITHIN_MS });
  if (!all) ctx.log(`  only ${receiver.received} of ${run.ok} webhooks delivered within ${DELIVER_WITHIN_MS} ms`);
  const perSec = round((receiver.received / (receiver.lastAt - started)) * 1000, 1);
  ctx.log(`  webhook jobs: ${receiver.received} delivered, ${perSec}/s`);
  return { jobs: run.ok, delivered: receiver.received, perSec };
}
