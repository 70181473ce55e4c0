import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countWorkflows, type EmailStack, startEmailStack } from '../helpers/email-stack';

const valid = { to: ['ada@example.com'], subject: 'Hi', text: 'Hello' };
const nextMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();
const fields = (body: any): string[] => body.errors.map((e: { field: string }) => e.field).sort();

describe('POST /v1/emails input', () => {
  let stack: EmailStack;
  before(async () => {
    stack = await startEmailStack('email-input');
  });
  after(() => stack.close());

  it('names every bad field in a 400 problem, and starts nothing', async () => {
    const cases: [string, unknown, string[]][] = [
      ['an invalid address', { ...valid, to: ['ada@example.com', 'not-an-address'] }, ['to[1]']],
      [
        'a named recipient with a bad address',
        { ...valid, to: ['Ada <ada@example.com>', 'Ada <not-an-address>'] },
        ['to[1]'],
      ],
      ['a display name with an unclosed quote', { ...valid, cc: ['"Lovelace, Ada <ada@example.com>'] }, ['cc[0]']],
      [
        'two addresses in one recipient',
        { ...valid, bcc: ['ada@example.com', 'Ada <ada@example.com>, Bob <bob@example.com>'] },
        ['bcc[1]'],
      ],
      [
        'a display name with a line break',
        { ...valid, replyTo: 'Ada\r\nBcc: victim@example.com <ada@example.com>' },
        ['replyTo'],
      ],
      ['no subject', { to: valid.to, text: 'x' }, ['subject']],
      ['an empty subject', { ...valid, subject: '' }, ['subject']],
      ['neither text nor html', { to: valid.to, subject: 'x' }, ['text']],
      ['both sendAt and delay', { ...valid, sendAt: nextMonth, delay: '1h' }, ['delay']],
      [
        'a sendAt more than a year ahead',
        { ...valid, sendAt: new Date(Date.now() + 400 * 86_400_000).toISOString() },
        ['sendAt'],
      ],
      ['an unparseable sendAt', { ...valid, sendAt: 'tomorrow at nine' }, ['sendAt']],
      ['a sendAt without a zone', { ...valid, sendAt: '2030-01-01T09:00:00' }, ['sendAt']],
      ['an unparseable delay', { ...valid, delay: 'soon' }, ['delay']],
      ['a body over the limit', { ...valid, text: 'x'.repeat(256 * 1024 + 1) }, ['text']],
      [
        'attachments over the limit',
        {
          ...valid,
          attachments: [{ filename: 'big.bin', contentBase64: Buffer.alloc(512 * 1024 + 3).toString('base64') }],
        },
        ['attachments'],
      ],
      [
        'an attachment that is not base64',
        { ...valid, attachments: [{ filename: 'a.txt', contentBase64: 'not base64!' }] },
        ['attachments[0].contentBase64'],
      ],
      ['more than 50 recipients', { ...valid, to: Array.from({ length: 51 }, (_, i) => `u${i}@example.com`) }, ['to']],
      ['a header that Afterward sets', { ...valid, headers: { 'Message-ID': '<x@y>' } }, ['headers.Message-ID']],
      [
        'a header value with a line break',
        { ...valid, headers: { 'X-Evil': 'a\r\nBcc: victim@example.com' } },
        ['headers.X-Evil'],
      ],
      ['an unknown field', { ...valid, colour: 'blue' }, ['colour']],
      ['a priority outside 1-5', { ...valid, priority: 0 }, ['priority']],
      ['several problems at once', { to: [], subject: 'x\ny', text: 1 }, ['subject', 'text', 'to']],
      [
        'a bad named recipient among other problems',
        { ...valid, to: ['Ada <nope>'], sendAt: nextMonth, delay: '1h' },
        ['delay', 'to[0]'],
      ],
    ];
    for (const [what, body, expected] of cases) {
      const r = await stack.api.request('POST', '/v1/emails', body);
      assert.equal(r.status, 400, what);
      assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/, what);
      assert.deepEqual(fields(r.body), expected, what);
    }
    const notJson = await stack.api.request('POST', '/v1/emails', 'to=ada', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(notJson.status, 415, 'JSON only');
    assert.equal(await countWorkflows(stack.env, stack.taskQueue), 0, 'no workflow was started');
  });

  it('returns the same job for the same Idempotency-Key and body, and 422 for another body', async () => {
    const key = { 'idempotency-key': `signup-${Date.now()}` };
    const [first, concurrent] = await Promise.all([
      stack.api.request('POST', '/v1/emails', valid, key),
      stack.api.request('POST', '/v1/emails', valid, key),
    ]);
    assert.equal(first.status, 202);
    assert.equal(concurrent.status, 202);
    assert.equal(concurrent.body.id, first.body.id);
    const again = await stack.api.request(
      'POST',
      '/v1/emails',
      { text: 'Hello', subject: 'Hi', to: ['ada@example.com'] },
      key,
    );
    assert.equal(again.status, 202);
    assert.equal(again.body.id, first.body.id, 'key order in the body does not matter');
    assert.equal(again.headers.get('idempotent-replayed'), 'true');

    const different = await stack.api.request('POST', '/v1/emails', { ...valid, subject: 'Other' }, key);
    assert.equal(different.status, 422);
    assert.match(different.body.detail, /Idempotency-Key was already used for a different request/);

    await stack.env.client.workflow.getHandle(first.body.id).terminate('test: close the job');
    const afterClose = await stack.api.request('POST', '/v1/emails', valid, key);
    assert.equal(afterClose.body.id, first.body.id, 'a closed job is not started again for the same key');
    assert.equal(afterClose.body.status, 'terminated');
    assert.equal(await countWorkflows(stack.env, stack.taskQueue), 1, 'one workflow for one key');
  });

  it('refuses a malformed Idempotency-Key', async () => {
    const r = await stack.api.request('POST', '/v1/emails', valid, { 'idempotency-key': 'x'.repeat(300) });
    assert.equal(r.status, 400);
    assert.deepEqual(fields(r.body), ['Idempotency-Key']);
  });
});
