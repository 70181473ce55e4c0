// /docs in headless Chromium: Redoc, served by the API itself, renders every tag and the operations of the
// document under the page's CSP; nothing is requested from anywhere but the API. Screenshot in test-output/ui/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { useApiEnv } from '../helpers/api-env';
import { type Browser, chromiumMissing, launchChromium } from '../helpers/chromium';

const SCREENSHOTS = path.join(process.env.AFTERWARD_TEST_OUTPUT ?? 'test-output', 'ui');

describe('the /docs page in a browser', { skip: chromiumMissing() }, () => {
  const stack = useApiEnv('docs-page');
  let browser: Browser;

  before(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('renders the operations of /openapi.json with the local renderer, within its CSP, loading nothing from elsewhere', async () => {
    const { page } = browser;
    const origin = new URL(stack.api.url).origin;
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    const { body: doc } = await stack.api.request('GET', '/openapi.json', undefined, { authorization: '' });

    await page.goto(`${stack.api.url}/docs`);
    // Redoc writes each operation's summary as a heading of its own section, and each tag in the menu.
    await page.getByRole('heading', { name: 'Send an email now or later' }).waitFor();
    const text = await page.locator('body').innerText();
    for (const tag of doc.tags) assert.ok(text.includes(tag.name), `the tag ${tag.name} is on the page`);
    for (const summary of ['Cancel a job', 'Create a schedule that starts jobs', 'Record an audit event'])
      assert.ok(text.includes(summary), `${summary} is on the page`);
    await page.getByText('Problem', { exact: false }).first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'docs.png') });

    assert.ok(
      requests.some((url) => url.endsWith('/openapi.json')),
      'the page read the document',
    );
    assert.deepEqual(
      requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:')),
      [],
      'every request goes to the API',
    );
    assert.deepEqual(problems, [], 'no console error, no CSP violation');
  });
});
