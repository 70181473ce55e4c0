// The audit log view in Chromium over the real stack (API → Temporal writers → SQLite): its filters pick exactly the
// matching events, its pages follow the API's cursors, "Verify the chain" says intact with the count, and after a row
// is edited in the database it names that row and links to it. Hostile text stays text; a key without audit:read
// sees neither the menu entry nor the page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type AuditStack, startAuditStack } from '../helpers/audit-stack';
import { type Browser, chromiumMissing, launchChromium } from '../helpers/chromium';
import {
  HOSTILE_IMG,
  HOSTILE_LINK,
  HOSTILE_SCRIPT,
  nothingInjected,
  type PageWatch,
  screenshot,
  signIn,
  watchPage,
} from '../helpers/dashboard';

const PAGED = 25;

const EVENTS = [
  { id: 'ev-grant', actor: 'alice', action: 'role.granted', resource: 'user:8', at: '2026-01-01T10:00:00Z' },
  { id: 'ev-revoke', actor: 'bob', action: 'role.revoked', resource: 'user:8', at: '2026-01-02T10:00:00Z' },
  {
    id: 'ev-hostile',
    actor: 'alice',
    action: 'key.created',
    resource: HOSTILE_IMG,
    at: '2026-01-03T10:00:00Z',
    detail: { note: HOSTILE_SCRIPT, html: HOSTILE_IMG },
  },
  { id: 'ev-link', actor: HOSTILE_LINK, action: 'signed.in', resource: HOSTILE_LINK, at: '2026-01-04T10:00:00Z' },
  ...Array.from({ length: PAGED }, (_, n) => ({
    id: `ev-page-${n}`,
    actor: 'pager',
    action: 'page.tested',
    resource: `r:${n}`,
    at: `2026-02-01T10:${String(n).padStart(2, '0')}:00Z`,
  })),
];
const pagedIds = EVENTS.filter((e) => e.actor === 'pager').map((e) => e.id);

/** The ids of the events the table shows, in order. */
const rowIds = (page: Page): Promise<string[]> =>
  page
    .locator('table.audit tbody tr[data-event-id]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-id')!));

describe('dashboard audit log view', { skip: chromiumMissing() }, () => {
  let stack: AuditStack;
  let browser: Browser;
  let page: Page;
  let watch: PageWatch;
  const open = async (query: string) => (await page.goto(`${stack.api.url}/dashboard/audit${query}`))!.status();
  const filter = () =>
    Promise.all([page.waitForURL(/\/dashboard\/audit\?/), page.getByRole('button', { name: 'Filter' }).click()]);

  before(async () => {
    stack = await startAuditStack('dashboard-audit', 'SQLite');
    const accepted = await stack.api.request('POST', '/v1/audit-events/batch', { events: EVENTS });
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    await stack.drain();
    browser = await launchChromium();
    page = browser.page;
    watch = watchPage(page, stack.api.url);
    await signIn(page, stack.api.url, stack.api.key!, '/dashboard/audit');
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('filters by actor, action, resource and time through the form, exactly', async () => {
    await open('');
    assert.equal(await page.locator('header nav a', { hasText: 'Audit log' }).getAttribute('aria-current'), 'page');
    await page.getByLabel('Actor').fill('alice');
    await filter();
    assert.deepEqual((await rowIds(page)).sort(), ['ev-grant', 'ev-hostile']);
    assert.equal(await page.getByLabel('Actor').inputValue(), 'alice', 'the form shows the filter it applied');

    await page.getByLabel('Actor').fill('');
    await page.getByLabel('Action').fill('role.revoked');
    await filter();
    assert.deepEqual(await rowIds(page), ['ev-revoke']);

    await page.getByLabel('Action').fill('');
    await page.getByLabel('Resource').fill('user:8');
    await filter();
    assert.deepEqual((await rowIds(page)).sort(), ['ev-grant', 'ev-revoke']);

    await page.getByLabel('Resource').fill(HOSTILE_IMG);
    await filter();
    assert.deepEqual(await rowIds(page), ['ev-hostile'], 'a hostile resource is matched as the text it is');

    await page.getByLabel('Resource').fill('');
    await page.getByLabel('From (UTC)').fill('2026-01-02T00:00:00');
    await page.getByLabel('Before (UTC)').fill('2026-01-04T10:00:00');
    await filter();
    assert.deepEqual((await rowIds(page)).sort(), ['ev-hostile', 'ev-revoke'], 'from inclusive, before exclusive');
    assert.match(await page.getByLabel('From (UTC)').inputValue(), /^2026-01-02T00:00(:00)?$/, 'the form keeps it');

    await open('?actor=nobody');
    assert.deepEqual(await rowIds(page), []);
    await page.getByText('No events match.').waitFor();
    assert.deepEqual(watch.problems, []);
  });

  it('links a row to the log filtered by its actor', async () => {
    await open('?action=role.revoked');
    await Promise.all([page.waitForURL(/actor=bob/), page.getByRole('link', { name: 'bob' }).click()]);
    assert.deepEqual(await rowIds(page), ['ev-revoke']);
  });

  it('pages through the cursors with limit 20 to the last event, none twice', async () => {
    await open('?actor=pager&limit=20');
    const first = await rowIds(page);
    assert.equal(first.length, 20);
    await Promise.all([page.waitForURL(/cursor=/), page.getByRole('link', { name: 'Next page' }).click()]);
    assert.match(page.url(), /actor=pager/, 'the next page keeps the filters');
    const second = await rowIds(page);
    await page.getByText('Last page').waitFor();
    const seen = [...first, ...second];
    assert.equal(new Set(seen).size, seen.length, 'no event twice');
    assert.deepEqual(seen.sort(), [...pagedIds].sort());
    await page.getByRole('link', { name: 'First page' }).click();
    await page.waitForURL((url) => !url.search.includes('cursor') && url.search.includes('actor=pager'));
    assert.deepEqual(await rowIds(page), first);
  });

  it('renders hostile actors, resources and details as text', async () => {
    await open('?limit=100');
    const row = page.locator('tr[data-event-id="ev-hostile"]');
    assert.ok((await row.locator('td.audit-resource').innerText()).includes(HOSTILE_IMG));
    const detail = await row.locator('pre').textContent();
    assert.deepEqual(JSON.parse(detail!), { note: HOSTILE_SCRIPT, html: HOSTILE_IMG }, 'the detail as its JSON');
    const link = page.locator('tr[data-event-id="ev-link"] a', { hasText: HOSTILE_LINK }).first();
    assert.match((await link.getAttribute('href'))!, /^\/dashboard\/audit\?/, 'a hostile value is a query, not a URL');
    await nothingInjected(page);
    await screenshot(page, 'audit');
    assert.deepEqual(watch.problems, []);
  });

  it('answers a bad filter or cursor with a message naming the field', async () => {
    const problemsBefore = watch.problems.length;
    assert.equal(await open('?from=yesterday&actor=alice'), 400);
    assert.match(await page.locator('.filter-errors li[data-field="from"]').innerText(), /from: .*"yesterday"/);
    assert.equal(await page.getByLabel('Actor').inputValue(), 'alice', 'the other filters kept');
    assert.equal(await page.locator('table').count(), 0);
    assert.equal(await open('?cursor=bogus'), 400);
    assert.match(
      await page.locator('.filter-errors li[data-field="cursor"]').innerText(),
      /not one this server issued/,
    );
    // Chromium logs each 400 document as a failed load; anything else would be a problem.
    const rest = watch.problems.splice(problemsBefore).filter((p) => !/status of 400/.test(p));
    assert.deepEqual(rest, []);
  });

  it('verifies the audit chain: intact with its count, then the first broken row after one is edited', async () => {
    const { count } = await stack.store.audit.verify();
    await open('');
    await Promise.all([
      page.waitForURL(/\/audit\/verify/),
      page.getByRole('button', { name: 'Verify the chain' }).click(),
    ]);
    assert.equal(await page.locator('.verify-result').getAttribute('data-intact'), 'true');
    await page.getByRole('heading', { name: `Intact, ${count} events` }).waitFor();

    // Two rows edited: the first of them in the chain is the one to blame, every row before it verified.
    const db = stack.store.database.db;
    const edited = await db
      .selectFrom('audit_events')
      .select(['id', 'seq', 'at'])
      .where('id', 'in', ['ev-revoke', 'ev-link'])
      .orderBy('seq')
      .execute();
    const row = edited[0]!;
    await db
      .updateTable('audit_events')
      .set({ detail: '{"role":"viewer"}' })
      .where('id', 'in', ['ev-revoke', 'ev-link'])
      .execute();
    await page.reload();
    const result = page.locator('.verify-result');
    assert.equal(await result.getAttribute('data-intact'), 'false');
    await page.getByRole('heading', { name: `Broken at seq ${row.seq}` }).waitFor();
    assert.match(await result.locator('.verify-reason').innerText(), /edited/);
    assert.equal(await result.locator('time').getAttribute('datetime'), row.at);
    assert.match(
      await result.innerText(),
      new RegExp(`id ${row.id}[\\s\\S]*Verified before it\\s+${row.seq - 1} events`),
    );
    await screenshot(page, 'audit-broken');

    await Promise.all([
      page.waitForURL(/cursor=/),
      page.getByRole('link', { name: 'Show this row in the log' }).click(),
    ]);
    assert.equal((await rowIds(page))[0], row.id, 'the log opens at the broken row');
    assert.equal(await page.locator(`tr#event-${row.seq}`).evaluate((r) => r.matches(':target')), true);
    assert.deepEqual(watch.problems, []);
  });

  it('shows a key without audit:read neither the menu entry nor the page', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard/sign-in');
    await signIn(page, stack.api.url, stack.api.readerKey!, '/dashboard/jobs');
    assert.equal(await page.locator('header nav a', { hasText: 'Audit log' }).count(), 0);
    assert.equal(await open(''), 403);
    await page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    assert.equal(await page.locator('table').count(), 0);
    assert.equal(await open('/verify'), 403);
    const api = await stack.api.request('GET', '/v1/audit-events', undefined, {
      authorization: `Bearer ${stack.api.readerKey}`,
    });
    assert.equal(api.status, 403, 'and the API refuses it too');
  });
});
