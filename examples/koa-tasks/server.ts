// An app whose own work Afterward runs as task jobs: a fast task answered at once, and a long one
// answered 202 and completed later through Afterward's API. Run: npx tsx examples/koa-tasks/server.ts
import { setTimeout as sleep } from 'node:timers/promises';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { afterwardClient, type Attempt } from './afterward';
import { env } from './env';
import { type TaskCall, verifyTaskCalls } from './task-calls';

const afterward = afterwardClient(env('AFTERWARD_URL', 'http://127.0.0.1:3000'), env('AFTERWARD_API_KEY'));
const PAGE_MS = 1000;

const router = new Router({ prefix: '/tasks' });

router.use(verifyTaskCalls(env('TASK_SIGNING_SECRET')));

router.post('/invoice.total', (ctx) => {
  const { data } = ctx.state.task as TaskCall<{ items: { price: number; qty: number }[] }>;
  if (!Array.isArray(data.items)) ctx.throw(400, 'items must be a list'); // a 4xx: the job fails at once, no retry
  ctx.body = { total: data.items.reduce((sum, item) => sum + item.price * item.qty, 0) }; // 200: the job's result
});

router.post('/report.generate', (ctx) => {
  const { data } = ctx.state.task as TaskCall<{ reportId: string; pages: number }>;
  const attempt: Attempt = { jobId: ctx.get('afterward-job-id'), attempt: Number(ctx.get('afterward-attempt')) };
  ctx.status = 202;
  ctx.body = { async: true }; // "I will complete it myself"
  ctx.res.once(
    'finish',
    () =>
      void generateReport(attempt, data).catch((err: Error) =>
        console.error(`report ${data.reportId}: ${err.message}`),
      ),
  );
});

/** The long work, after the 202: progress after each page (the heartbeat), then the result; stops when cancelled. */
async function generateReport(
  attempt: Attempt,
  { reportId, pages }: { reportId: string; pages: number },
): Promise<void> {
  for (let page = 1; page <= pages; page++) {
    await sleep(PAGE_MS);
    if (await afterward.progress(attempt, { page, of: pages })) {
      await afterward.fail(attempt, `stopped at page ${page} of ${pages}: the job was cancelled`); // acknowledges the cancellation
      return;
    }
  }
  await afterward.complete(attempt, { reportId, pages, url: `https://files.example.com/reports/${reportId}.pdf` });
}

const port = Number(env('PORT', '8000'));
new Koa()
  .use(bodyParser())
  .use(router.routes())
  .listen(port, '127.0.0.1', () => console.log(`tasks app on http://127.0.0.1:${port}`));
