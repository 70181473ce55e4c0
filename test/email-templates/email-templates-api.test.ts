// /v1/email-templates over the real API and its SQLite store (the store's cases run on PostgreSQL too, in
// test/activities/stores-on-postgres.test.ts): CRUD, a template that does not compile refused naming its part,
// previews, the audit log, and the scope.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EmailStack, startEmailStack } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

const WELCOME = {
  subject: 'Welcome, {{ user.name }}',
  text: 'Hello {{ user.name }}, plan {{ plan | default: "free" }}',
  html: '<p>Hello {{ user.name }}</p>{{ footer | raw }}',
  sampleData: { user: { name: 'Sample <Ada>' }, footer: '<hr>' },
};
const fields = (body: any): string[] => body.errors.map((e: { field: string }) => e.field).sort();
let names = 0;
const uniqueName = (base: string) => `${base}-${++names}`;

describe('/v1/email-templates', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  before(async () => {
    stack = await startEmailStack('email-templates-api');
    stopWorker = (await stack.startWorker()).stop;
  });
  after(async () => {
    await stopWorker();
    await stack.close();
  });
  const create = (body: object) => stack.api.request('POST', '/v1/email-templates', body);

  it('creates a template, reads it by id and by name, changes it, and deletes it', async () => {
    const name = uniqueName('welcome');
    const created = await create({ name, ...WELCOME });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(created.body.id, /^tpl_[0-9a-z]{26}$/);
    assert.equal(created.headers.get('location'), `/v1/email-templates/${created.body.id}`);
    assert.deepEqual(created.body, {
      id: created.body.id,
      name,
      description: null,
      ...WELCOME,
      createdAt: created.body.createdAt,
      updatedAt: created.body.createdAt,
    });
    assert.deepEqual((await stack.api.request('GET', `/v1/email-templates/${created.body.id}`)).body, created.body);
    assert.deepEqual((await stack.api.request('GET', `/v1/email-templates/${name}`)).body, created.body);

    const renamed = uniqueName('hello');
    const patched = await stack.api.request('PATCH', `/v1/email-templates/${name}`, {
      name: renamed,
      html: null,
      description: 'sign-up',
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(patched.body.id, created.body.id);
    assert.equal(patched.body.name, renamed);
    assert.equal(patched.body.html, null, 'null clears a part');
    assert.equal(patched.body.text, WELCOME.text, 'a part not given is kept');
    assert.equal(patched.body.description, 'sign-up');
    assert.equal((await stack.api.request('GET', `/v1/email-templates/${name}`)).status, 404, 'the old name is gone');

    const other = uniqueName('other');
    assert.equal((await create({ name: other, subject: 'x', text: 'y' })).status, 201);
    assert.equal((await create({ name: other, subject: 'x', text: 'y' })).status, 409, 'a name is taken once');
    const clash = await stack.api.request('PATCH', `/v1/email-templates/${renamed}`, { name: other });
    assert.equal(clash.status, 409);
    const noBody = await stack.api.request('PATCH', `/v1/email-templates/${renamed}`, { text: null });
    assert.equal(noBody.status, 400, 'a patch may not leave a template without text or html');
    assert.deepEqual(fields(noBody.body), ['text']);

    assert.equal((await stack.api.request('DELETE', `/v1/email-templates/${created.body.id}`)).status, 204);
    assert.equal((await stack.api.request('GET', `/v1/email-templates/${created.body.id}`)).status, 404);
    assert.equal((await stack.api.request('DELETE', `/v1/email-templates/${created.body.id}`)).status, 404);
  });

  it('lists templates by name, a page at a time', async () => {
    const prefix = `page-${Date.now()}`;
    for (const letter of ['c', 'a', 'b'])
      assert.equal((await create({ name: `${prefix}-${letter}`, ...WELCOME })).status, 201);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const { status, body } = await stack.api.request('GET', `/v1/email-templates${query}`);
      assert.equal(status, 200);
      assert.ok(body.templates.length <= 2);
      seen.push(...body.templates.map((t: { name: string }) => t.name));
      cursor = body.nextCursor;
      if (cursor === null) break;
    }
    assert.equal(cursor, null, 'the pages end');
    assert.deepEqual([...seen].sort(), seen, 'by name');
    assert.deepEqual(
      seen.filter((n) => n.startsWith(prefix)),
      ['a', 'b', 'c'].map((l) => `${prefix}-${l}`),
    );
    const bad = await stack.api.request('GET', '/v1/email-templates?limit=0');
    assert.equal(bad.status, 400);
  });

  it('refuses a template that does not compile, naming the part and the fault', async () => {
    const cases: [string, object, string, RegExp][] = [
      ['an unclosed output in the subject', { subject: 'Hi {{ name ', text: 'x' }, 'subject', /not closed/],
      ['an unclosed tag in the text', { subject: 'ok', text: '{% if x %}' }, 'text', /not closed/],
      [
        'an unknown filter in the html',
        { subject: 'ok', html: '{{ x | nosuch }}' },
        'html',
        /undefined filter: nosuch/,
      ],
      ['neither text nor html', { subject: 'ok' }, 'text', /text or html is required/],
      ['a name that looks like an id', { name: 'tpl_x', subject: 'ok', text: 'x' }, 'name', /tpl_/],
      [
        'sample data without a variable the template uses',
        { subject: 'ok', html: '{{ user.email }}', sampleData: { user: {} } },
        'sampleData.user.email',
        /missing: the template's html uses it/,
      ],
    ];
    for (const [what, body, field, message] of cases) {
      const r = await create({ name: uniqueName('bad'), ...body });
      assert.equal(r.status, 400, what);
      assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/, what);
      assert.deepEqual(fields(r.body), [field], what);
      assert.match(r.body.errors[0].message, message, what);
    }
    const name = uniqueName('good');
    assert.equal((await create({ name, ...WELCOME })).status, 201);
    const broken = await stack.api.request('PATCH', `/v1/email-templates/${name}`, { text: '{{ oops' });
    assert.equal(broken.status, 400, 'a patch that breaks the template is refused');
    assert.deepEqual(fields(broken.body), ['text']);
    assert.equal((await stack.api.request('GET', `/v1/email-templates/${name}`)).body.text, WELCOME.text);
  });

  it('previews a stored template with data or its sample data, and an unsaved one, escaping the html part', async () => {
    const name = uniqueName('preview');
    assert.equal((await create({ name, ...WELCOME })).status, 201);
    const withData = await stack.api.request('POST', `/v1/email-templates/${name}/preview`, {
      data: { user: { name: 'Ann & <Bo>' }, plan: 'pro', footer: '<b>bye</b>' },
    });
    assert.equal(withData.status, 200, JSON.stringify(withData.body));
    assert.deepEqual(withData.body, {
      subject: 'Welcome, Ann & <Bo>',
      text: 'Hello Ann & <Bo>, plan pro',
      html: '<p>Hello Ann &amp; &lt;Bo&gt;</p><b>bye</b>',
    });
    const sample = await stack.api.request('POST', `/v1/email-templates/${name}/preview`, {});
    assert.equal(sample.body.subject, 'Welcome, Sample <Ada>');
    assert.equal(sample.body.html, '<p>Hello Sample &lt;Ada&gt;</p><hr>');

    const missing = await stack.api.request('POST', `/v1/email-templates/${name}/preview`, { data: { user: {} } });
    assert.equal(missing.status, 400);
    assert.deepEqual(fields(missing.body), ['data.user.name']);

    const unsaved = await stack.api.request('POST', '/v1/email-templates/preview', {
      subject: 'Order {{ n }}',
      html: '{% for i in items %}<li>{{ i }}</li>{% endfor %}',
      data: { n: 7, items: ['<a>', 'b'] },
    });
    assert.equal(unsaved.status, 200, JSON.stringify(unsaved.body));
    assert.deepEqual(unsaved.body, { subject: 'Order 7', html: '<li>&lt;a&gt;</li><li>b</li>' });
    const unsavedBad = await stack.api.request('POST', '/v1/email-templates/preview', { subject: '{{ x', text: 'y' });
    assert.deepEqual(fields(unsavedBad.body), ['subject']);
    const lineBreak = await stack.api.request('POST', '/v1/email-templates/preview', {
      subject: 'Hi {{ name }}',
      text: 'y',
      data: { name: 'a\nBcc: x@example.com' },
    });
    assert.equal(lineBreak.status, 400);
    assert.deepEqual(fields(lineBreak.body), ['subject']);
    assert.match(lineBreak.body.errors[0].message, /line break/);
    assert.equal((await stack.api.request('POST', '/v1/email-templates/nosuch/preview', {})).status, 404);
  });

  it('records creation, each change and deletion in the audit log, by name and fields, never the parts', async () => {
    const name = uniqueName('audited');
    const { body: created } = await create({ name, ...WELCOME });
    await stack.api.request('PATCH', `/v1/email-templates/${created.id}`, { subject: 'New {{ user.name }}' });
    await stack.api.request('DELETE', `/v1/email-templates/${created.id}`);
    const events = await waitFor(
      async () => {
        const { events } = await stack.store.audit.list({ resource: `email-template:${created.id}` });
        return events.length >= 3 && events;
      },
      { what: 'three audit events', timeoutMs: 20_000 },
    );
    // Sharded writers record in any order: the set is what counts.
    assert.deepEqual(events.map((e) => e.action).sort(), [
      'email-template.created',
      'email-template.deleted',
      'email-template.updated',
    ]);
    assert.ok(
      events.every((e) => e.actor === 'test'),
      'by the acting key',
    );
    const updated = events.find((e) => e.action === 'email-template.updated')!;
    assert.equal((updated.detail as { name: string }).name, name);
    assert.deepEqual((updated.detail as { fields: string[] }).fields, ['subject']);
    assert.ok(!JSON.stringify(events).includes('Hello'), 'no template text in the audit log');
  });

  it('answers 403 to a key without templates:admin', async () => {
    const reader = { authorization: `Bearer ${stack.api.readerKey}` };
    for (const [method, path] of [
      ['GET', '/v1/email-templates'],
      ['POST', '/v1/email-templates'],
      ['POST', '/v1/email-templates/preview'],
      ['GET', '/v1/email-templates/x'],
      ['PATCH', '/v1/email-templates/x'],
      ['DELETE', '/v1/email-templates/x'],
      ['POST', '/v1/email-templates/x/preview'],
    ] as const) {
      const r = await stack.api.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : {}, reader);
      assert.equal(r.status, 403, `${method} ${path}`);
      assert.match(r.body.detail, /templates:admin/);
    }
  });
});
