// A small, realistic day for the dashboard pictures, made through the API: welcome and receipt emails with
// tags, pings, a task, an email scheduled for later, and webhooks to one endpoint, some of whose event
// types the receiver refuses, so their deliveries fail into dead letters.
import { type AfterwardMain, callApi } from './afterward-main';
import type { ShowcaseReceiver } from './showcase-receiver';

export const FAILING_EVENTS = ['invoice.payment_failed', 'subscription.past_due'] as const;
export const TASK_TYPE = 'report.generate';

export interface Workload {
  /** Jobs that close by themselves: everything but the scheduled email. */
  closing: string[];
  /** The webhook jobs whose deliveries the receiver refuses. */
  failing: string[];
}

const PEOPLE = [
  { name: 'Ada Lovelace', email: 'ada@example.com' },
  { name: 'Grace Hopper', email: 'grace@example.com' },
  { name: 'Alan Turing', email: 'alan@example.com' },
];

export async function createWorkload(app: AfterwardMain, receiver: ShowcaseReceiver): Promise<Workload> {
  const post = async (url: string, body: unknown): Promise<string> =>
    (await callApi<{ id: string }>(app, 'POST', url, body)).id;
  const closing: string[] = [];
  const failing: string[] = [];
  for (const [i, person] of PEOPLE.entries()) {
    closing.push(
      await post('/v1/emails', {
        to: [person.email],
        subject: `Welcome to Acme, ${person.name.split(' ')[0]}`,
        text: 'Thanks for signing up.',
        tags: ['welcome', 'onboarding'],
      }),
      await post('/v1/emails', {
        to: [person.email],
        subject: `Your receipt #${1041 + i}`,
        text: 'Thanks for your order.',
        tags: ['receipt'],
      }),
    );
  }
  closing.push(await post('/v1/pings', { message: 'deploy check' }), await post('/v1/pings', { message: 'hello' }));
  await post('/v1/emails', {
    to: ['grace@example.com'],
    subject: 'Your trial ends tomorrow',
    text: 'Pick a plan to keep your projects.',
    delay: '6h',
    tags: ['trial'],
  });
  await callApi(app, 'POST', '/v1/task-types', { name: TASK_TYPE, url: receiver.taskUrl(TASK_TYPE) });
  closing.push(await post(`/v1/tasks/${TASK_TYPE}`, { payload: { month: '2026-11' }, tags: ['reports'] }));
  await callApi(app, 'POST', '/v1/webhook-endpoints', { url: receiver.hooksUrl, description: 'Billing app' });
  const events = [
    ['customer.created', { customer: 'cus_1042' }],
    ['invoice.paid', { invoice: 'in_2001', amount: 4900 }],
    ['invoice.payment_failed', { invoice: 'in_2002', amount: 1900 }],
    ['invoice.paid', { invoice: 'in_2003', amount: 9900 }],
    ['subscription.past_due', { subscription: 'sub_311' }],
    ['invoice.payment_failed', { invoice: 'in_2004', amount: 4900 }],
  ] as const;
  for (const [event, payload] of events) {
    const { jobs } = await callApi<{ jobs: { id: string }[] }>(app, 'POST', '/v1/webhooks', {
      event,
      payload,
      tags: ['billing'],
    });
    closing.push(...jobs.map((j) => j.id));
    if ((FAILING_EVENTS as readonly string[]).includes(event)) failing.push(...jobs.map((j) => j.id));
  }
  return { closing, failing };
}
