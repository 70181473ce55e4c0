// Problem `type`s: each one the code can answer with (PROBLEM_TYPES) is documented on /docs/problems, in
// docs/api.md and in /openapi.json, and the answers carry them; 405s list the path's methods in Allow.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { OPERATIONS } from '../../src/http/operations';
import { PROBLEM_TYPES, type ProblemKind, problemTypeUri } from '../../src/http/problem-types';
import { useApiEnv } from '../helpers/api-env';
import { uniqueTaskQueue } from '../helpers/temporal';

const KINDS = Object.keys(PROBLEM_TYPES) as ProblemKind[];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const NO_KEY = { authorization: '' };

/** The methods OPERATIONS gives a path (a template with `x` for each parameter), as the router matches them. */
function methodsOf(concrete: string): Set<string> {
  const routes = Object.keys(OPERATIONS).map((route) => route.split(' ') as [string, string]);
  const matching = routes.filter(([, template]) =>
    new RegExp(`^${template.replace(/:\w+/g, '[^/]+')}$`).test(concrete),
  );
  return new Set(matching.flatMap(([method]) => (method === 'GET' ? ['GET', 'HEAD'] : [method])));
}

describe('problem types', () => {
  const stack = useApiEnv('problem-types', { maxBodyBytes: 4096 });

  it('are each documented on /docs/problems, which needs no key, with their status and title', async () => {
    const { status, headers, body: html } = await stack.api.request('GET', '/docs/problems', undefined, NO_KEY);
    assert.equal(status, 200);
    assert.match(headers.get('content-type') ?? '', /^text\/html/);
    for (const kind of KINDS) {
      const { status: code, title } = PROBLEM_TYPES[kind];
      assert.ok(
        html.includes(`<section id="${kind}"><h2><code>${problemTypeUri(kind)}</code>: ${code} ${title}</h2>`),
        `${kind} on /docs/problems`,
      );
    }
    assert.equal(html.match(/<section id=/g)?.length, KINDS.length, 'no other type on the page');
    assert.match(
      (await stack.api.request('GET', '/docs', undefined, NO_KEY)).body,
      /<a href="\/docs\/problems">/,
      '/docs links to it',
    );
  });

  it('are each in docs/api.md, with their status and title, and it lists no other', () => {
    const page = fs.readFileSync(path.join(__dirname, '../../docs/api.md'), 'utf8');
    const rows = [...page.matchAll(/^\| `(\/docs\/problems#[^`]+)` \| (\d{3}) \| ([^|]+) \|/gm)].map(
      ([, uri, code, title]) => `${uri} ${code} ${title!.trim()}`,
    );
    assert.deepEqual(
      rows,
      KINDS.map((kind) => `${problemTypeUri(kind)} ${PROBLEM_TYPES[kind].status} ${PROBLEM_TYPES[kind].title}`),
    );
  });

  it('are the values /openapi.json gives the type of a Problem', async () => {
    const { body: doc } = await stack.api.request('GET', '/openapi.json', undefined, NO_KEY);
    assert.deepEqual(doc.components.schemas.Problem.properties.type.enum, KINDS.map(problemTypeUri));
  });

  it('come with the status and title of their kind on every answer', async () => {
    const schedule = { id: uniqueTaskQueue('taken'), every: '1h', paused: true, job: { kind: 'ping', input: {} } };
    const answers: [ProblemKind, Promise<{ status: number; body: any }>][] = [
      ['not-found', stack.api.request('GET', '/v1/nothing-here')],
      ['not-found', stack.api.request('GET', '/v1/webhook-endpoints/we_missing')],
      ['method-not-allowed', stack.api.request('DELETE', '/v1/pings')],
      ['not-implemented', stack.api.request('PROPFIND', '/v1/pings')],
      ['unauthorized', stack.api.request('GET', '/v1/jobs', undefined, NO_KEY)],
      ['validation', stack.api.request('POST', '/v1/pings', { message: 42 })],
      ['malformed-json', stack.api.request('POST', '/v1/pings', '{"message":')],
      ['unsupported-media-type', stack.api.request('POST', '/v1/pings', 'hi', { 'content-type': 'text/plain' })],
      ['payload-too-large', stack.api.request('POST', '/v1/pings', { message: 'x'.repeat(5000) })],
      [
        'conflict',
        stack.api
          .request('POST', '/v1/schedules', schedule)
          .then(() => stack.api.request('POST', '/v1/schedules', schedule)),
      ],
    ];
    for (const [kind, answer] of answers) {
      const { status, body } = await answer;
      assert.deepEqual(
        { type: body.type, title: body.title, status },
        { type: problemTypeUri(kind), title: PROBLEM_TYPES[kind].title, status: PROBLEM_TYPES[kind].status },
        JSON.stringify(body),
      );
      assert.equal(body.status, status);
    }
    await stack.env.client.schedule.getHandle(schedule.id).delete();
  });
});

describe('methods a path does not have', () => {
  const stack = useApiEnv('allow');

  it('are a 405 on every path, with Allow listing the methods of every route of that path, before any key is checked', async () => {
    let checked = 0;
    for (const concrete of new Set(
      Object.keys(OPERATIONS).map((route) => route.split(' ')[1]!.replace(/:\w+/g, 'x')),
    )) {
      const allowed = methodsOf(concrete);
      const method = METHODS.find((m) => !allowed.has(m));
      if (!method) continue;
      const r = await stack.api.request(method, concrete, undefined, NO_KEY);
      assert.equal(r.status, 405, `${method} ${concrete}`);
      assert.equal(r.body.type, problemTypeUri('method-not-allowed'));
      assert.deepEqual(new Set(r.headers.get('allow')?.split(', ')), allowed, `Allow of ${concrete}`);
      checked++;
    }
    assert.ok(checked >= 25, `only ${checked} paths checked`);
  });

  it('answer OPTIONS with Allow, an unknown method with 501, and keep a key in the codec path out of the answer', async () => {
    const options = await stack.api.request('OPTIONS', '/v1/schedules/x', undefined, NO_KEY);
    assert.equal(options.status, 204);
    assert.deepEqual(new Set(options.headers.get('allow')?.split(', ')), methodsOf('/v1/schedules/x'));
    const unknown = await stack.api.request('PROPFIND', '/v1/jobs', undefined, NO_KEY);
    assert.equal(unknown.status, 501);
    assert.equal(unknown.headers.get('allow'), null);
    const codec = await stack.api.request('GET', '/codec/secret-key-123/decode', undefined, NO_KEY);
    assert.equal(codec.status, 405);
    assert.equal(codec.headers.get('allow'), 'POST');
    assert.equal(codec.body.instance, '/codec/[redacted]/decode');
    assert.doesNotMatch(JSON.stringify(codec.body), /secret-key-123/);
  });
});
