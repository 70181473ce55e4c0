import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AuditStack, startAuditStack } from '../helpers/audit-stack';
import { waitFor } from '../helpers/wait-for';

const valid = { actor: 'user-1', action: 'invoice.deleted', resource: 'invoice:1' };
// One writer, so a sentinel event proves that nothing was signalled before it.
const LIMITS = { maxDetailBytes: 1024, maxBatchEvents: 50, maxBatchBytes: 20_000, writerShards: 1 };

describe('bad input to the audit log API', () => {
  let stack: AuditStack;
  before(async () => {
    stack = await startAuditStack('audit-input', 'SQLite', { audit: LIMITS });
  });
  after(() => stack.close());

  async function fields(path: string, body: unknown): Promise<string[]> {
    const r = await stack.api.request('POST', path, body);
    assert.equal(r.status, 400, `expected 400 for ${String(JSON.stringify(body)).slice(0, 200)}, got ${r.status}`);
    assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
    return r.body.errors.map((e: { field: string }) => e.field).sort();
  }

  it('answers 400 naming each bad field of an event, and starts and writes nothing', async () => {
    assert.deepEqual(await fields('/v1/audit-events', { action: 'x', resource: 'y' }), ['actor']);
    assert.deepEqual(await fields('/v1/audit-events', { actor: 'a' }), ['action', 'resource']);
    assert.deepEqual(await fields('/v1/audit-events', { ...valid, actor: '' }), ['actor']);
    assert.deepEqual(await fields('/v1/audit-events', { ...valid, at: 'yesterday' }), ['at']);
    assert.deepEqual(
      await fields('/v1/audit-events', { ...valid, at: '2025-01-01T10:00:00' }),
      ['at'],
      'a time without a zone is ambiguous',
    );
    assert.deepEqual(await fields('/v1/audit-events', { ...valid, detail: { blob: 'x'.repeat(1100) } }), ['detail']);
    assert.deepEqual(await fields('/v1/audit-events', { ...valid, id: 'has space' }), ['id']);
    assert.deepEqual(await fields('/v1/audit-events', { ...valid, extra: true }), ['extra']);
    assert.deepEqual(await fields('/v1/audit-events', undefined), ['action', 'actor', 'resource']);

    const many = Array.from({ length: 51 }, (_, i) => ({ ...valid, id: `many-${i}` }));
    assert.deepEqual(await fields('/v1/audit-events/batch', { events: many }), ['events']);
    const heavy = Array.from({ length: 30 }, () => ({ ...valid, detail: { blob: 'x'.repeat(900) } }));
    assert.deepEqual(await fields('/v1/audit-events/batch', { events: heavy }), ['events'], 'over the batch byte cap');
    assert.deepEqual(await fields('/v1/audit-events/batch', { events: [] }), ['events']);
    const mixed = [
      valid,
      valid,
      { ...valid, actor: undefined },
      valid,
      { ...valid, detail: 'x'.repeat(2000), at: 'soon' },
    ];
    assert.deepEqual(await fields('/v1/audit-events/batch', { events: mixed }), [
      'events[2].actor',
      'events[4].at',
      'events[4].detail',
    ]);
    const repeated = [
      { ...valid, id: 'a' },
      { ...valid, id: 'b' },
      { ...valid, id: 'a' },
    ];
    const r = await stack.api.request('POST', '/v1/audit-events/batch', { events: repeated });
    assert.deepEqual(r.body.errors, [{ field: 'events[2].id', message: 'repeats events[0].id' }]);

    // The writer records in the order it is signalled: had any bad event been signalled, it would
    // be in the store with the sentinel.
    const sentinel = await stack.api.request('POST', '/v1/audit-events', { ...valid, id: 'sentinel' });
    assert.equal(sentinel.status, 202);
    await stack.waitForEvents(1);
    assert.deepEqual(
      (await stack.store.audit.list()).events.map((e) => e.id),
      ['sentinel'],
    );
    const started = await waitFor(
      async () => (await stack.env.client.workflow.count(`TaskQueue = '${stack.taskQueue}'`)).count || undefined,
      { what: 'the sentinel writer in visibility' },
    );
    assert.equal(started, 1);
  });

  it('answers 400 naming the query parameter that is wrong', async () => {
    const param = async (query: string): Promise<string[]> => {
      const r = await stack.api.request('GET', `/v1/audit-events?${query}`);
      assert.equal(r.status, 400, `expected 400 for ?${query}`);
      return r.body.errors.map((e: { field: string }) => e.field);
    };
    assert.deepEqual(await param('limit=0'), ['limit']);
    assert.deepEqual(await param('limit=1001'), ['limit']);
    assert.deepEqual(await param('limit=ten'), ['limit']);
    assert.deepEqual(await param('from=last-week'), ['from']);
    assert.deepEqual(await param('to=2025-13-01T00:00:00Z'), ['to']);
    assert.deepEqual(await param('cursor=bm90LWEtY3Vyc29y'), ['cursor']);
    assert.deepEqual(await param('actr=alice'), ['actr']);
    assert.deepEqual(await param('actor=a&actor=b'), ['actor']);
  });

  it('answers 400 naming the verify parameter that is wrong: a malformed anchor, after or limit', async () => {
    const hash = 'ab'.repeat(32);
    for (const [query, field] of [
      ['anchor=12', 'anchor'],
      ['anchor=12:xyz', 'anchor'],
      [`anchor=0:${hash}`, 'anchor'],
      [`anchor=-3:${hash}`, 'anchor'],
      [`anchor=12:${hash}ab`, 'anchor'],
      [`anchor=12:${hash}&anchor=13:${hash}`, 'anchor'],
      ['after=latest', 'after'],
      ['limit=0', 'limit'],
      ['limit=100001', 'limit'],
      ['from=1', 'from'],
    ]) {
      const r = await stack.api.request('GET', `/v1/audit-events/verify?${query}`);
      assert.equal(r.status, 400, `expected 400 for ?${query}`);
      assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.deepEqual(
        r.body.errors.map((e: { field: string }) => e.field),
        [field],
        query,
      );
    }
    const good = await stack.api.request('GET', `/v1/audit-events/verify?anchor=12:${hash.toUpperCase()}&limit=5`);
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.deepEqual(good.body.anchor, { seq: 12, hash, status: 'truncated' });
  });
});
