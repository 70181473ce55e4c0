// What a 400 tells the caller: an unknown name with the known one it is likely a typo of, where a
// field is (query, header), and where a body stopped being JSON.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { problemTypeUri } from '../../src/http/problem-types';
import { countWorkflows } from '../helpers/email-stack';
import { useApiEnv } from '../helpers/api-env';

describe('errors of a bad request', () => {
  const stack = useApiEnv('request-errors');
  const errorsOf = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const r = await stack.api.request(method, path, body, headers);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    return r.body.errors;
  };

  it('name an unknown body field itself, with the field it is likely a typo of, at any depth', async () => {
    const email = await errorsOf('POST', '/v1/emails', {
      to: ['a@example.com'],
      subjet: 'Hi',
      text: 'x',
      surprise: 1,
      TEXT: 'y',
    });
    assert.deepEqual(email, [
      { field: 'subjet', message: 'is not a field of this request; did you mean "subject"?' },
      { field: 'surprise', message: 'is not a field of this request' },
      { field: 'TEXT', message: 'is not a field of this request; did you mean "text"?' },
      { field: 'subject', message: 'is required (or give a template)' },
    ]);
    const steps = await errorsOf('POST', '/v1/sequences', {
      steps: [
        { type: 'ping', input: { mesage: 'hi' } },
        { type: 'ping', input: {}, contineOnError: true },
      ],
    });
    assert.deepEqual(steps, [
      { field: 'steps[0].input.mesage', message: 'is not a field of this request; did you mean "message"?' },
      { field: 'steps[1].contineOnError', message: 'is not a field of this request; did you mean "continueOnError"?' },
    ]);
    assert.deepEqual(await errorsOf('POST', '/v1/pings', { mesage: 'hi', priorty: 1, tag: ['x'] }), [
      { field: 'mesage', message: 'is not a field of this request; did you mean "message"?' },
      { field: 'priorty', message: 'is not a field of this request; did you mean "priority"?' },
      { field: 'tag', message: 'is not a field of this request; did you mean "tags"?' },
    ]);
  });

  it('say a query parameter is one, unknown or wrong, with its likely name', async () => {
    assert.deepEqual(await errorsOf('GET', '/v1/jobs?color=red&limt=5'), [
      { field: 'color', message: 'is not a query parameter of this route', in: 'query' },
      { field: 'limt', message: 'is not a query parameter of this route; did you mean "limit"?', in: 'query' },
    ]);
    const [limit] = await errorsOf('GET', '/v1/jobs?limit=0');
    assert.deepEqual([limit.field, limit.in], ['limit', 'query']);
    assert.deepEqual(
      await errorsOf('GET', '/v1/webhook-endpoints?limit=5'),
      [{ field: 'limit', message: 'is not a query parameter of this route', in: 'query' }],
      'a route without parameters',
    );
    assert.deepEqual(await errorsOf('GET', '/v1/schedules?limt=5'), [
      { field: 'limt', message: 'is not a query parameter of this route; did you mean "limit"?', in: 'query' },
    ]);
    const [cursor] = await errorsOf('GET', '/v1/jobs?cursor=bm90LWEtdG9rZW4');
    assert.deepEqual([cursor.field, cursor.in], ['cursor', 'query']);
  });

  it('say a header is one', async () => {
    assert.deepEqual(await errorsOf('POST', '/v1/pings', {}, { 'idempotency-key': 'with spaces' }), [
      { field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters', in: 'header' },
    ]);
  });

  it('say where a body stops being JSON, as line and column', async () => {
    const cases: [string, RegExp][] = [
      [
        '{\n  "message": "hi"\n  "tags": []\n}',
        /^is not valid JSON: Expected ',' or '}' after property value at line 3, column 3 \(position 22\)$/,
      ],
      ['{"message":', /^is not valid JSON: Unexpected end of JSON input at line 1, column 12 \(position 11\)$/],
      [
        '{"message": "hi",}',
        /^is not valid JSON: Expected double-quoted property name at line 1, column 18 \(position 17\)$/,
      ],
      ['[\n\n1,\n2 3]', /at line 4, column 3 \(position 8\)$/],
      ['{"message": nul}', /^is not valid JSON: Unexpected token '\}', "\{"message": nul\}"/], // no offset from V8: its excerpt says where
    ];
    for (const [body, message] of cases) {
      const r = await stack.api.request('POST', '/v1/pings', body);
      assert.equal(r.status, 400, body);
      assert.equal(r.body.type, problemTypeUri('malformed-json'));
      assert.equal(r.body.title, 'Malformed JSON');
      assert.equal(r.body.errors.length, 1);
      assert.equal(r.body.errors[0].field, '(body)');
      assert.match(r.body.errors[0].message, message, body);
      assert.equal(r.body.detail, `the body ${r.body.errors[0].message}`);
    }
  });

  it('refuse JSON that is not an object, or has a __proto__ key, as invalid', async () => {
    for (const [body, message] of [
      ['42', 'must be a JSON object'],
      ['"hi"', 'must be a JSON object'],
      ['{"__proto__": {"admin": true}}', 'must not have a "__proto__" key'],
    ]) {
      const r = await stack.api.request('POST', '/v1/pings', body);
      assert.equal(r.body.type, problemTypeUri('validation'), body);
      assert.deepEqual(r.body.errors, [{ field: '(body)', message }], body);
    }
    assert.equal(await countWorkflows(stack.env, stack.taskQueue), 0);
  });
});
