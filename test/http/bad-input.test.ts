// Every route, fed what a fuzzer or an attacker would send: each answer is a 4xx problem, the server
// keeps serving, and no workflow is ever started on the test's task queue.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { OPERATIONS } from '../../src/http/operations';
import { countWorkflows } from '../helpers/email-stack';
import { useApiEnv } from '../helpers/api-env';

const IDS = [
  '..%2F..%2Fetc%2Fpasswd',
  '%2E%2E%2F%2E%2E%2F',
  '..%5C..%5Cwindows',
  '%00',
  '%F0%9F%92%A9%E2%80%AE%CC%81',
  'a'.repeat(3000),
  '%FF%FE',
  '*',
];
const WEIRD = '\u0000\u202e\ud800\uffff\u{1F4A9}e\u0301<script>';
const BODIES: [string, string | Uint8Array<ArrayBuffer>][] = [
  ['malformed JSON', '{"message":'],
  ['a JSON array', '[1,2,3]'],
  ['a JSON string', '"hello"'],
  ['a number', '42'],
  ['null', 'null'],
  [
    'wrong types everywhere',
    JSON.stringify({
      to: 5,
      subject: [],
      text: {},
      id: false,
      events: 'x',
      payloads: 'x',
      since: 7,
      cron: 1,
      url: [],
      message: 42,
      payload: undefined,
      event: {},
    }),
  ],
  [
    'unknown fields only',
    JSON.stringify({ [WEIRD]: WEIRD, __proto__: { admin: true }, constructor: { prototype: { polluted: true } } }),
  ],
  [
    'oversize strings',
    JSON.stringify({
      to: ['x'.repeat(400_000)],
      subject: 'y'.repeat(400_000),
      message: 'z'.repeat(400_000),
      event: 'e'.repeat(10_000),
    }),
  ],
  [
    'odd Unicode',
    JSON.stringify({
      to: [`${WEIRD}@example.com`],
      subject: WEIRD,
      text: WEIRD,
      message: WEIRD.repeat(100),
      event: WEIRD,
      id: WEIRD,
      actor: WEIRD,
    }),
  ],
  ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['1 MiB of random bytes', new Uint8Array(randomBytes(1024 * 1024))],
];
const QUERIES = [
  '?limit=abc&cursor=%00&kind=..%2F..&since=yesterday',
  `?status=%E2%80%AE%ED%A0%80%00&tag=${'t'.repeat(5000)}`,
  '?limit=-1&limit=2&actor[]=x',
];

describe('bad input on every endpoint', () => {
  const stack = useApiEnv('bad-input');
  const { taskQueue } = stack;
  const failures: string[] = [];

  const send = async (
    method: string,
    path: string,
    body?: string | Uint8Array<ArrayBuffer>,
    type = 'application/json',
  ): Promise<void> => {
    const response = await fetch(stack.api.url + path, {
      method,
      headers: { authorization: `Bearer ${stack.api.key}`, ...(body === undefined ? {} : { 'content-type': type }) },
      body,
    });
    const text = await response.text();
    const what = `${method} ${path.slice(0, 80)} ${body === undefined ? '' : `(${String(body).slice(0, 30)}…)`} → ${response.status}`;
    if (response.status < 400 || response.status >= 500) failures.push(what);
    else if (!/problem\+json/.test(response.headers.get('content-type') ?? ''))
      failures.push(`${what}: not problem+json`);
    else if (/\bat \w+ \(|node_modules/.test(text)) failures.push(`${what}: a stack trace in the body`);
  };

  for (const route of Object.keys(OPERATIONS).filter(
    (r) => OPERATIONS[r]!.scopes !== 'public' && r !== 'GET /metrics',
  )) {
    const [method, template] = route.split(' ') as [string, string];
    it(`${route} answers every bad input with a 4xx problem and starts nothing`, async () => {
      const withParams = template.includes(':');
      const paths = withParams ? IDS.map((id) => template.replace(/:(\w+)/g, id)) : [template];
      for (const path of paths) {
        if ((method === 'GET' || method === 'DELETE') && withParams) await send(method, path);
        for (const query of method === 'GET' ? QUERIES : []) await send(method, path + query);
      }
      if (method === 'POST' || method === 'PATCH') {
        const path = withParams ? template.replace(/:(\w+)/g, 'does-not-exist') : template;
        for (const [, body] of BODIES) await send(method, path, body);
        await send(method, path, randomBytes(1024 * 1024), 'application/octet-stream');
        await send(method, path, '<xml/>', 'text/xml');
        for (const id of IDS)
          for (const [, body] of BODIES.slice(0, 6)) await send(method, template.replace(/:(\w+)/g, id), body);
      }
      assert.deepEqual(failures.splice(0), []);
    });
  }

  it('still serves, and no workflow was started on its task queue', async () => {
    assert.equal((await stack.api.request('GET', '/healthz')).status, 200);
    assert.equal((await stack.api.request('GET', '/v1/jobs?limit=1')).status, 200);
    assert.equal(await countWorkflows(stack.env, taskQueue), 0);
  });
});
