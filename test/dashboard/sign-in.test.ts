// Signing in to /dashboard: the key goes in a form post and comes back as nothing but an HttpOnly, SameSite=Strict
// session cookie; the API takes that cookie in place of a bearer key, with its scopes, and refuses a change without
// the page's CSRF token or from another origin. Sign-out and expiry end the session on the server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { useApiEnv } from '../helpers/api-env';
import { type Browser, chromiumMissing, launchChromium } from '../helpers/chromium';
import { screenshot, signIn, watchPage } from '../helpers/dashboard';

/** Signs in over plain HTTP (no browser): the session cookie and the page's CSRF token. */
async function signInByForm(url: string, key: string): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${url}/dashboard/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ key, next: '/dashboard/jobs' }),
  });
  assert.equal(response.status, 303, 'a good key is answered with a redirect');
  const cookie = response.headers.getSetCookie()[0]!.split(';')[0]!;
  const page = await (await fetch(`${url}/dashboard/jobs`, { headers: { cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1];
  assert.ok(csrf, 'the page carries a CSRF token');
  return { cookie, csrf };
}

describe('dashboard sign-in', () => {
  const stack = useApiEnv('dashboard-sign-in');

  it('sends a visitor without a session to the sign-in page, and back to where they were going', async () => {
    const response = await fetch(`${stack.api.url}/dashboard/jobs?kind=email`, { redirect: 'manual' });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), '/dashboard/sign-in?next=%2Fdashboard%2Fjobs%3Fkind%3Demail');
  });

  it('serves its pages under a CSP without inline scripts or styles, and never redirects off the dashboard', async () => {
    const page = await fetch(`${stack.api.url}/dashboard/sign-in`);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const script = await fetch(`${stack.api.url}/dashboard/assets/dashboard.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /text\/javascript/);
    const again = await fetch(`${stack.api.url}/dashboard/assets/dashboard.js`, {
      headers: { 'if-none-match': script.headers.get('etag')! },
    });
    assert.equal(again.status, 304, 'revalidated by ETag');
    for (const next of ['//evil.test/x', 'https://evil.test', '/v1/jobs', 'javascript:alert(1)']) {
      const response = await fetch(`${stack.api.url}/dashboard/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: stack.api.url },
        body: new URLSearchParams({ key: stack.api.key!, next }),
      });
      assert.equal(response.headers.get('location'), '/dashboard', `next=${next} goes to the dashboard`);
    }
  });

  it('refuses a key it does not hold, and a sign-in posted from another site', async () => {
    const post = (key: string, origin: string) =>
      fetch(`${stack.api.url}/dashboard/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ key }),
      });
    const wrong = await post('aft_not-a-key', stack.api.url);
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /That API key is not valid here/);
    assert.deepEqual(wrong.headers.getSetCookie(), [], 'no cookie for a wrong key');
    const elsewhere = await post(stack.api.key!, 'http://evil.test');
    assert.equal(elsewhere.status, 403);
    assert.deepEqual(elsewhere.headers.getSetCookie(), [], 'no cookie for a sign-in from another site');
  });

  it('lets the API take the session cookie with its scopes, and a change only with the CSRF token from its own origin', async () => {
    const url = stack.api.url;
    const { cookie, csrf } = await signInByForm(url, stack.api.key!);
    const list = await fetch(`${url}/v1/jobs`, { headers: { cookie } });
    assert.equal(list.status, 200, 'a read with the cookie alone');
    const cancel = (headers: Record<string, string>) =>
      fetch(`${url}/v1/jobs/ping-none/cancel`, { method: 'POST', headers: { cookie, ...headers } });
    const noToken = await cancel({ origin: url });
    assert.equal(noToken.status, 403);
    assert.match((await noToken.json()).detail, /CSRF token in x-csrf-token/);
    const otherOrigin = await cancel({ origin: 'http://evil.test', 'x-csrf-token': csrf });
    assert.equal(otherOrigin.status, 403);
    assert.match((await otherOrigin.json()).detail, /Origin is not this dashboard/);
    const wrongToken = await cancel({ origin: url, 'x-csrf-token': `${csrf.slice(1)}x` });
    assert.equal(wrongToken.status, 403);
    const allowed = await cancel({ origin: url, 'x-csrf-token': csrf });
    assert.equal(allowed.status, 404, 'past the checks: the job does not exist');

    const reader = await signInByForm(url, stack.api.readerKey!);
    const refused = await fetch(`${url}/v1/jobs/ping-none/cancel`, {
      method: 'POST',
      headers: { cookie: reader.cookie, origin: url, 'x-csrf-token': reader.csrf },
    });
    assert.equal(refused.status, 403, 'a jobs:read key cannot cancel, signed in or not');
    assert.match((await refused.json()).detail, /needs the scope jobs:admin/);
  });

  it('ends the session on the server at sign-out: the old cookie opens nothing', async () => {
    const url = stack.api.url;
    const { cookie, csrf } = await signInByForm(url, stack.api.key!);
    const forged = await fetch(`${url}/dashboard/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: 'wrong' }),
    });
    assert.equal(forged.status, 403, 'a sign-out without the token is refused');
    const out = await fetch(`${url}/dashboard/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }),
    });
    assert.equal(out.status, 303);
    assert.match(out.headers.getSetCookie()[0]!, /afterward_session=;.*expires=Thu, 01 Jan 1970/i);
    assert.equal((await fetch(`${url}/v1/jobs`, { headers: { cookie } })).status, 401);
    const page = await fetch(`${url}/dashboard/jobs`, { headers: { cookie }, redirect: 'manual' });
    assert.equal(page.status, 303, 'the dashboard asks for the key again');
  });
});

describe('dashboard sessions expire', () => {
  const stack = useApiEnv('dashboard-expiry', { dashboard: { sessionMs: 1500 } });

  it('asks for the key again once the session has expired, even with the cookie kept', async () => {
    const { cookie } = await signInByForm(stack.api.url, stack.api.key!);
    await new Promise((resolve) => setTimeout(resolve, 1800));
    const page = await fetch(`${stack.api.url}/dashboard/jobs`, { headers: { cookie }, redirect: 'manual' });
    assert.equal(page.status, 303);
    assert.equal((await fetch(`${stack.api.url}/v1/jobs`, { headers: { cookie } })).status, 401);
  });
});

describe('dashboard sign-in in a browser', { skip: chromiumMissing() }, () => {
  const stack = useApiEnv('dashboard-browser-sign-in');
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  it('keeps the key out of the page and browser storage, in an HttpOnly SameSite=Strict cookie only', async () => {
    const { page } = browser;
    const watch = watchPage(page, stack.api.url);
    await page.goto(`${stack.api.url}/dashboard/jobs`);
    assert.equal(new URL(page.url()).pathname, '/dashboard/sign-in', 'sent to sign in');
    await screenshot(page, 'sign-in');
    await signIn(page, stack.api.url, stack.api.key!, '/dashboard/jobs');
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.goto(`${stack.api.url}/dashboard`);
    await page.getByRole('heading', { name: 'Overview', exact: true }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/dashboard', 'the dashboard opens on its overview');
    const cookies = await page.context().cookies();
    assert.equal(cookies.length, 1);
    const [cookie] = cookies;
    assert.equal(cookie!.name, 'afterward_session');
    assert.equal(cookie!.httpOnly, true);
    assert.equal(cookie!.sameSite, 'Strict');
    assert.equal(cookie!.secure, false, 'not Secure over plain http (PUBLIC_URL https sets it)');
    assert.ok(cookie!.expires * 1000 > Date.now() + 7 * 3600_000, 'expires with the session, 8 h by default');
    assert.notEqual(cookie!.value, stack.api.key, 'the cookie is not the key');
    const source = await page.content();
    assert.ok(!source.includes(stack.api.key!), 'the key is not in the page');
    const stored = await page.evaluate(() => [JSON.stringify(localStorage), JSON.stringify(sessionStorage)]);
    assert.deepEqual(stored, ['{}', '{}'], 'nothing in browser storage');
    assert.equal(await page.evaluate(() => document.cookie), '', 'scripts cannot read the cookie');
    assert.deepEqual(watch.problems, []);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard/sign-in');
    assert.deepEqual(await page.context().cookies(), [], 'sign-out removes the cookie');
  });
});
