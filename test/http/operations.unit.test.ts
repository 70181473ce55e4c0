import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OPERATIONS } from '../../src/http/operations';
import { routeKeys } from '../../src/http/route-match';
import { DOCS_SCRIPT } from '../../src/http/routes/api-docs';
import { DASHBOARD_PREFIX } from '../../src/dashboard/router';
import { type TestApi, routersOf, startTestApi } from '../helpers/api';
import { fakeTemporal } from '../helpers/fake-temporal';

describe('the routes of the API', () => {
  let api: TestApi;
  let routes: string[];

  before(async () => {
    api = await startTestApi(fakeTemporal().client, 'operations');
    // The dashboard's pages sit ahead of the API's key check with a sign-in of their own: not API operations.
    routes = routeKeys(routersOf(api.app).filter((router) => router.opts.prefix !== DASHBOARD_PREFIX));
  });
  after(async () => {
    await api.close();
  });

  it('each have exactly one entry in OPERATIONS, with the scopes that may call it, and no entry is left over', () => {
    assert.ok(routes.length >= 40, `found only ${routes.length} routes: is the router walk broken?`);
    assert.deepEqual(
      routes.filter((route) => !(route in OPERATIONS)),
      [],
      'routes without a scope',
    );
    assert.deepEqual(
      Object.keys(OPERATIONS).filter((key) => !routes.includes(key)),
      [],
      'scopes of routes that do not exist',
    );
    assert.equal(new Set(routes).size, routes.length, 'a route registered twice');
  });

  it('are each in /openapi.json (3.1), with their scopes, path parameters and the request schema they validate with', async () => {
    const { status, body: doc } = await api.request('GET', '/openapi.json', undefined, { authorization: '' });
    assert.equal(status, 200, 'the document is public');
    assert.equal(doc.openapi, '3.1.0');
    for (const route of routes) {
      const [method, template] = route.split(' ') as [string, string];
      const operation = doc.paths[template.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
      assert.ok(operation, `${route} is missing from /openapi.json`);
      assert.deepEqual(operation['x-scopes'], OPERATIONS[route]!.scopes);
      for (const [, name] of template.matchAll(/:(\w+)/g))
        assert.ok(
          operation.parameters.some((p: any) => p.name === name && p.in === 'path'),
          `${route}: path parameter ${name}`,
        );
    }
    const email = doc.paths['/v1/emails'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(email.required.sort(), ['to'], 'a subject, or a template instead');
    assert.equal(email.additionalProperties, false, 'strict: unknown fields are refused, and the document says so');
    assert.equal(email.properties.to.maxItems, 50);
    const list = doc.paths['/v1/jobs'].get.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name);
    assert.deepEqual(list.sort(), ['cursor', 'kind', 'limit', 'since', 'status', 'tag', 'taskType', 'until']);
  });

  it('are rendered on the /docs page by the copy of Redoc the API serves, under a CSP without inline scripts', async () => {
    const { status, headers, body: html } = await api.request('GET', '/docs', undefined, { authorization: '' });
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /^text\/html/);
    const csp = headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'scripts from the API only, none inline');
    assert.match(html, /<redoc spec-url="\/openapi.json"/);
    assert.deepEqual(
      [...html.matchAll(/<script([^>]*)>/g)].map(([, attributes]) => attributes),
      [` src="${DOCS_SCRIPT}"`],
      'one script, the local bundle',
    );
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from elsewhere');
    const script = await fetch(api.url + DOCS_SCRIPT);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.match(script.headers.get('cache-control') ?? '', /max-age=\d+/);
    assert.match(await script.text(), /Redoc/);
    // As a browser revalidates (fetch() would add `Cache-Control: no-cache` to a conditional request).
    const again = await fetch(api.url + DOCS_SCRIPT, {
      headers: { 'if-none-match': script.headers.get('etag')!, 'cache-control': 'max-age=0' },
    });
    assert.equal(again.status, 304, 'a browser with the bundle keeps it');
  });
});
