import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { EmailTemplateSettings } from '../../../activities/email-templates/email-template';
import { EmailTemplateExistsError } from '../../../activities/email-templates/email-template-exists-error';
import { createEmailTemplateStore } from '../../../activities/store/email-templates/template-store';
import { type Dialect, openTestStore } from '../../helpers/audit-stack';

const WELCOME: EmailTemplateSettings = { name: 'welcome', subject: 'Welcome, {{ name }}', text: 'Hello {{ name }}' };

/** The template store on a fresh database, with a clock the test moves. */
async function templateStore(t: TestContext, dialect: Dialect) {
  const store = await openTestStore(dialect);
  t.after(() => store.close());
  const clock = { now: new Date('2030-01-01T00:00:00.000Z') };
  const templates = createEmailTemplateStore(store.database, { now: () => clock.now });
  const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
  return { templates, advance };
}

/** Its cases on one database; test/activities/stores-on-{sqlite,postgres} run them on each. */
export function describeEmailTemplateStore(dialect: Dialect): void {
  describe(`the email template store on ${dialect}`, () => {
    it('creates a template, reads it back exactly by id and by name, and refuses its name a second time', async (t) => {
      const { templates } = await templateStore(t, dialect);
      const full: EmailTemplateSettings = {
        ...WELCOME,
        html: '<p>Hello {{ name }}</p>',
        description: 'sign-up',
        sampleData: { name: 'Ada', tags: ['a', 1, null], nested: { deep: true } },
      };
      const created = await templates.create(full);
      assert.match(created.id, /^tpl_[0-9a-z]{26}$/);
      assert.deepEqual(created, {
        id: created.id,
        ...full,
        createdAt: '2030-01-01T00:00:00.000Z',
        updatedAt: '2030-01-01T00:00:00.000Z',
      });
      assert.deepEqual(await templates.get(created.id), created);
      assert.deepEqual(await templates.get('welcome'), created);
      await assert.rejects(
        templates.create({ ...WELCOME, subject: 'other' }),
        (err) => err instanceof EmailTemplateExistsError && err.templateName === 'welcome',
      );
      assert.deepEqual(await templates.get('welcome'), created, 'the refused create changed nothing');
      assert.equal(await templates.get('missing'), undefined);
      assert.equal(await templates.get('tpl_01jzzzzzzzzzzzzzzzzzzzzzzz'), undefined);
    });

    it('leaves absent parts out, and lists by name a page at a time', async (t) => {
      const { templates } = await templateStore(t, dialect);
      for (const name of ['delta', 'alpha', 'echo', 'bravo', 'charlie']) await templates.create({ ...WELCOME, name });
      const first = await templates.list({ limit: 2 });
      assert.deepEqual(
        first.templates.map((x) => x.name),
        ['alpha', 'bravo'],
      );
      assert.deepEqual(Object.keys(first.templates[0]!).sort(), [
        'createdAt',
        'id',
        'name',
        'subject',
        'text',
        'updatedAt',
      ]);
      assert.equal(first.lastName, 'bravo');
      const second = await templates.list({ limit: 2, after: first.lastName! });
      assert.deepEqual(
        second.templates.map((x) => x.name),
        ['charlie', 'delta'],
      );
      const last = await templates.list({ limit: 2, after: second.lastName! });
      assert.deepEqual(
        last.templates.map((x) => x.name),
        ['echo'],
      );
      assert.equal(last.lastName, null, 'the last page says so');
      assert.equal((await templates.list({ limit: 5 })).lastName, null, 'a page that holds every template is the last');
    });

    it('replaces every setting, keeps the id and creation time, and refuses a name another template has', async (t) => {
      const { templates, advance } = await templateStore(t, dialect);
      const welcome = await templates.create({ ...WELCOME, description: 'old', sampleData: { name: 'Ada' } });
      await templates.create({ ...WELCOME, name: 'receipt' });
      advance(1000);
      const replaced = await templates.replace(welcome.id, { name: 'hello', subject: 'Hi', html: '<b>hi</b>' });
      assert.deepEqual(replaced, {
        id: welcome.id,
        name: 'hello',
        subject: 'Hi',
        html: '<b>hi</b>',
        createdAt: '2030-01-01T00:00:00.000Z',
        updatedAt: '2030-01-01T00:00:01.000Z',
      });
      assert.equal(await templates.get('welcome'), undefined, 'renamed');
      await assert.rejects(
        templates.replace(welcome.id, { ...WELCOME, name: 'receipt' }),
        (err) => err instanceof EmailTemplateExistsError && err.templateName === 'receipt',
      );
      assert.deepEqual(await templates.get(welcome.id), replaced, 'the refused rename changed nothing');
      assert.equal(await templates.replace('tpl_missing', WELCOME), undefined);
    });

    it('removes a template once', async (t) => {
      const { templates } = await templateStore(t, dialect);
      const welcome = await templates.create(WELCOME);
      assert.equal(await templates.remove(welcome.id), true);
      assert.equal(await templates.remove(welcome.id), false);
      assert.equal(await templates.get('welcome'), undefined);
      await templates.create(WELCOME);
      assert.ok(await templates.get('welcome'), 'the name is free again');
    });
  });
}
