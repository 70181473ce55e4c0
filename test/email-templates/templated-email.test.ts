// POST /v1/emails with a stored template and data: rendered at the request (a 400 naming the variable, the
// template or the field given twice, before anything starts), then sent through the email path to a real
// SMTP sink with the html part escaped; scheduled sends keep working.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { countWorkflows, type EmailStack, startEmailStack } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

const TEMPLATE = {
  name: 'receipt',
  subject: 'Receipt {{ order.id }} for {{ user.name }}',
  text: 'Thanks {{ user.name }}: {{ order.total }}',
  html: '<p>Thanks {{ user.name }}</p>{% if vip %}<p>VIP</p>{% endif %}<p>{{ note | default: "none" }}</p>',
};
const DATA = { user: { name: 'Ann & <Bo>', email: 'ann@example.com' }, order: { id: 'A-1', total: '$5' } };
const fields = (body: any): string[] => body.errors.map((e: { field: string }) => e.field).sort();

describe('POST /v1/emails with a template', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  let templateId: string;
  before(async () => {
    stack = await startEmailStack('templated-email');
    stopWorker = (await stack.startWorker()).stop;
    const created = await stack.api.request('POST', '/v1/email-templates', TEMPLATE);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    templateId = created.body.id;
  });
  beforeEach(() => stack.sink.reset());
  after(async () => {
    await stopWorker();
    await stack.close();
  });
  const finished = (id: string) =>
    waitFor(
      async () => {
        const { body } = await stack.api.request('GET', `/v1/jobs/${id}`);
        return ['succeeded', 'failed'].includes(body.status) && body;
      },
      { timeoutMs: 20_000, what: `job ${id} to finish` },
    );

  it('sends the rendered message: the subject and text as rendered, the html escaped, the job naming the template', async () => {
    const accepted = await stack.api.request('POST', '/v1/emails', {
      to: ['ann@example.com'],
      template: 'receipt',
      data: DATA,
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    assert.deepEqual(accepted.body.input, {
      recipients: 1,
      subject: 'Receipt A-1 for Ann & <Bo>',
      attachments: 0,
      template: { id: templateId, name: 'receipt' },
    });
    const job = await finished(accepted.body.id);
    assert.equal(job.status, 'succeeded');
    assert.deepEqual(job.input.template, { id: templateId, name: 'receipt' }, 'the memo says which template');

    const [message] = await stack.sink.waitForMessages(1);
    assert.equal(message!.parsed.subject, 'Receipt A-1 for Ann & <Bo>');
    assert.equal(message!.parsed.text?.trim(), 'Thanks Ann & <Bo>: $5');
    assert.equal(message!.parsed.html?.trim(), '<p>Thanks Ann &amp; &lt;Bo&gt;</p><p>none</p>');
    assert.equal(message!.parsed.messageId, job.result.messageId);
  });

  it('names a template by id too, and sends it at sendAt', async () => {
    const sendAt = new Date(Date.now() + 3000).toISOString();
    const accepted = await stack.api.request('POST', '/v1/emails', {
      to: ['ann@example.com'],
      template: templateId,
      data: { ...DATA, vip: true },
      sendAt,
    });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    assert.equal(accepted.body.status, 'scheduled');
    assert.equal(accepted.body.sendAt, sendAt);
    assert.equal(stack.sink.messages.length, 0, 'not before its time');
    const job = await finished(accepted.body.id);
    assert.equal(job.status, 'succeeded');
    const [message] = await stack.sink.waitForMessages(1);
    assert.ok(message!.receivedAt >= Date.parse(sendAt), 'sent at its time');
    assert.match(message!.parsed.html ?? '', /<p>VIP<\/p>/);
  });

  it('answers 400 naming the field, and starts nothing: a missing variable, an unknown template, a body given too', async () => {
    const before = await countWorkflows(stack.env, stack.taskQueue);
    const to = ['ann@example.com'];
    const cases: [string, object, string[], RegExp][] = [
      [
        'a variable the data lacks',
        { to, template: 'receipt', data: { ...DATA, user: { name: 'Ann' }, order: {} } },
        ['data.order.id'],
        /missing: the template's subject uses it/,
      ],
      ['no data at all', { to, template: 'receipt' }, ['data.order.id'], /missing/],
      ['an unknown template', { to, template: 'nosuch', data: DATA }, ['template'], /no email template/],
      [
        'a template and a subject',
        { to, template: 'receipt', data: DATA, subject: 'x' },
        ['subject'],
        /give template and data, or subject/,
      ],
      ['a template and html', { to, template: 'receipt', html: '<p>x</p>' }, ['html'], /not both/],
      ['data without a template', { to, subject: 'x', text: 'y', data: DATA }, ['data'], /give template too/],
      ['neither a subject nor a template', { to, text: 'y' }, ['subject'], /or give a template/],
      [
        'data that puts a line break in the subject',
        { to, template: 'receipt', data: { ...DATA, order: { ...DATA.order, id: 'A\nBcc: x@example.com' } } },
        ['template'],
        /line break/,
      ],
    ];
    for (const [what, body, expected, message] of cases) {
      const r = await stack.api.request('POST', '/v1/emails', body);
      assert.equal(r.status, 400, what);
      assert.deepEqual(fields(r.body), expected, what);
      assert.match(r.body.errors[0].message, message, what);
    }
    assert.equal(await countWorkflows(stack.env, stack.taskQueue), before, 'no workflow was started');
  });
});
