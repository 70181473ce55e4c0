// A sign-up that hands its after-work to Afterward through afterward/client: a welcome email, an audit event,
// and a report task that Afterward runs by calling this app back. Run: npx tsx examples/koa-signup/server.ts
import { randomUUID } from 'node:crypto';
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { Afterward, AfterwardError } from 'afterward/client';
import { env } from '../koa-tasks/env';
import { type TaskCall, verifyTaskCalls } from '../koa-tasks/task-calls';

const afterward = new Afterward({
  baseUrl: env('AFTERWARD_URL', 'http://127.0.0.1:3000'),
  apiKey: env('AFTERWARD_API_KEY'),
});
/** The task type this app serves at /tasks/signup.report (registered as the README shows). */
const REPORT_TASK = 'signup.report';

interface Signup {
  userId: string;
  email: string;
  name: string;
}

const app = new Router();

app.post('/signup', async (ctx) => {
  const { email, name } = (ctx.request.body ?? {}) as Partial<Signup>;
  if (typeof email !== 'string' || typeof name !== 'string') return ctx.throw(400, 'email and name are required');
  const user: Signup = { userId: randomUUID(), email, name };
  // Keys derived from the user: a sign-up retried after a failure starts no second email or report.
  const welcome = await afterward.emails.send(
    { to: [email], subject: `Welcome, ${name}`, text: `Hi ${name}, your account is ready.` },
    { idempotencyKey: `welcome-${user.userId}` },
  );
  await afterward.audit.record(
    { actor: `user:${user.userId}`, action: 'user.signed_up', resource: `user:${user.userId}`, detail: { email } },
    { idempotencyKey: `signed-up-${user.userId}` },
  );
  const report = await afterward.tasks.enqueue(REPORT_TASK, user, { idempotencyKey: `report-${user.userId}` });
  ctx.status = 201;
  ctx.body = { userId: user.userId, jobs: { welcome: welcome.id, report: report.id } };
});

// Afterward's call of the report task: only a call signed with the task signing secret gets through.
const tasks = new Router({ prefix: '/tasks' });
tasks.use(verifyTaskCalls(env('TASK_SIGNING_SECRET')));
tasks.post(`/${REPORT_TASK}`, (ctx) => {
  const { data } = ctx.state.task as TaskCall<Signup>;
  ctx.body = { report: `new user ${data.name} <${data.email}>`, userId: data.userId }; // 200: the job's result
});

const port = Number(env('PORT', '8000'));
new Koa()
  .use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      // Afterward refused a call: a 400 is the sign-up's input (an address it cannot send to), else ours to fix.
      if (!(err instanceof AfterwardError)) throw err;
      ctx.status = err.status === 400 ? 400 : 502;
      ctx.body = { error: err.message, fields: err.errors, afterwardRequestId: err.requestId };
    }
  })
  .use(bodyParser())
  .use(app.routes())
  .use(tasks.routes())
  .listen(port, '127.0.0.1', () => console.log(`sign-up app on http://127.0.0.1:${port}`));
