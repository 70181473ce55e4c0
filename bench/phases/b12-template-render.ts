// B12 template rendering: what a stored template adds to each message. Ours: a message rendered from a template
// (LiquidJS, the html part escaped) and built into MIME by nodemailer's MailComposer; the baseline: the same
// message, its parts already plain, built the same way. Three rows: rendering alone (a template compiled once,
// rendered per message, as a batch renders each recipient), render + build, and compile + render + build (what
// POST /v1/emails does per request), each ÷ the plain build.
// In the bench process alone, no server: short rounds alternate the ways, and the best round of each counts (on a
// shared machine a round is as fast as it can be only when nothing else runs).
import MailComposer from 'nodemailer/lib/mail-composer';
import { compileEmailTemplate, renderEmailTemplate } from '../../activities/email-templates';
import { type Phase, ratio } from '../lib/context';
import { nowMs, round } from '../lib/stats';

const MESSAGES = 500;
const ROUNDS = 10;

const TEMPLATE = {
  subject: 'Your order {{ order.id }}, {{ user.name }}',
  text: 'Hello {{ user.name }},\n{% for item in order.items %}- {{ item.name }} × {{ item.qty }}\n{% endfor %}Total {{ order.total }}\n',
  html: '<p>Hello {{ user.name }},</p><ul>{% for item in order.items %}<li>{{ item.name }} × {{ item.qty }}</li>{% endfor %}</ul><p>Total {{ order.total }}</p><p>{{ note | default: "Thanks!" }}</p>',
};
const dataFor = (i: number) => ({
  user: { name: `Ada <${i}> & co` },
  order: {
    id: `A-${i}`,
    total: `$${i}.00`,
    items: [
      { name: 'Notebook', qty: 2 },
      { name: 'Pen & ink', qty: 1 },
      { name: `Sticker ${i}`, qty: 5 },
    ],
  },
});
const envelope = { from: 'shop@example.com', to: 'ada@example.com' };

const build = (parts: { subject: string; text?: string; html?: string }): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    new MailComposer({ ...envelope, ...parts })
      .compile()
      .build((err, message) => (err ? reject(err) : resolve(message))),
  );

/** Microseconds per message of `one`, over MESSAGES messages. */
async function perMessageUs(one: (i: number) => Promise<unknown>): Promise<number> {
  const started = nowMs();
  for (let i = 0; i < MESSAGES; i++) await one(i);
  return ((nowMs() - started) * 1000) / MESSAGES;
}

export const b12TemplateRender: Phase = {
  id: 'B12',
  title: 'Template rendering',
  async run() {
    const compiled = compileEmailTemplate(TEMPLATE);
    // The baseline builds the very messages ours renders, already rendered.
    const plain = Array.from({ length: MESSAGES }, (_, i) => renderEmailTemplate(compiled, dataFor(i)));
    const ways = {
      plain: (i: number) => build(plain[i]!),
      rendered: (i: number) => build(renderEmailTemplate(compiled, dataFor(i))),
      compiledEach: (i: number) => build(renderEmailTemplate(compileEmailTemplate(TEMPLATE), dataFor(i))),
      renderOnly: (i: number) => Promise.resolve(renderEmailTemplate(compiled, dataFor(i))),
    };
    const best: Record<keyof typeof ways, number> = {
      plain: Infinity,
      rendered: Infinity,
      compiledEach: Infinity,
      renderOnly: Infinity,
    };
    await perMessageUs(ways.rendered); // warm-up: JIT and Liquid's caches
    for (let r = 0; r < ROUNDS; r++) {
      const order = (r % 2 === 0 ? Object.keys(ways) : Object.keys(ways).reverse()) as (keyof typeof ways)[];
      for (const way of order) best[way] = Math.min(best[way], await perMessageUs(ways[way]));
    }
    const us = (v: number) => `${v.toFixed(1)} µs`;
    return {
      rows: [
        {
          measure: 'render per message (compiled once) ÷ plain MailComposer build of the same message',
          ours: us(best.renderOnly),
          baseline: us(best.plain),
          ratio: ratio(best.renderOnly, best.plain),
          target: 'report',
        },
        {
          measure: 'render + build ÷ plain build',
          ours: us(best.rendered),
          baseline: us(best.plain),
          ratio: ratio(best.rendered, best.plain),
          target: 'report',
        },
        {
          measure: 'compile + render + build (POST /v1/emails) ÷ plain build',
          ours: us(best.compiledEach),
          baseline: us(best.plain),
          ratio: ratio(best.compiledEach, best.plain),
          target: 'report',
        },
      ],
      data: {
        messages: MESSAGES,
        rounds: ROUNDS,
        microsecondsPerMessage: Object.fromEntries(Object.entries(best).map(([k, v]) => [k, round(v)])),
      },
    };
  },
};
