import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EmailStack, startEmailStack } from '../helpers/email-stack';
import { waitFor } from '../helpers/wait-for';

describe('GET /v1/jobs', () => {
  let stack: EmailStack;
  let stopWorker: () => Promise<void>;
  const ids: Record<string, string[]> = { sent: [], scheduled: [], failed: [], ping: [] };
  let windowStart: string;

  const get = async (query: string): Promise<any> => {
    const r = await stack.api.request('GET', `/v1/jobs?${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const allPages = async (query: string, limit: number): Promise<string[]> => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const body: any = await get(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.ok(body.jobs.length <= limit);
      seen.push(...body.jobs.map((j: { id: string }) => j.id));
      cursor = body.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('more than 50 pages');
  };

  before(async () => {
    stack = await startEmailStack('list');
    stopWorker = (await stack.startWorker()).stop;
    const post = async (path: string, body: object) => (await stack.api.request('POST', path, body)).body.id as string;
    for (let i = 0; i < 3; i++)
      ids.sent!.push(
        await post('/v1/emails', { to: ['a@example.com'], subject: `sent ${i}`, text: 'x', tags: ['batch-a'] }),
      );
    await waitFor(async () => (await get('status=succeeded&kind=email')).jobs.length === 3, {
      timeoutMs: 20_000,
      what: 'the first emails to be sent',
    });
    windowStart = new Date().toISOString();
    for (let i = 0; i < 2; i++)
      ids.scheduled!.push(
        await post('/v1/emails', {
          to: ['a@example.com'],
          subject: `later ${i}`,
          text: 'x',
          delay: '1h',
          tags: ['batch-b'],
        }),
      );
    stack.sink.replyNext(550, 'No such user', 2);
    for (let i = 0; i < 2; i++)
      ids.failed!.push(await post('/v1/emails', { to: ['a@example.com'], subject: `bounce ${i}`, text: 'x' }));
    ids.ping!.push(await post('/v1/pings', {}));
    await waitFor(async () => (await get('status=failed')).jobs.length === 2, {
      timeoutMs: 20_000,
      what: 'jobs to finish and reach visibility',
    });
  });
  after(async () => {
    for (const id of ids.scheduled!) await stack.env.client.workflow.getHandle(id).terminate('test cleanup');
    await stopWorker();
    await stack.close();
  });

  it('lists by kind and by status, with the status of each job', async () => {
    const emails = await get('kind=email');
    assert.deepEqual(
      new Set(emails.jobs.map((j: any) => j.id)),
      new Set([...ids.sent!, ...ids.scheduled!, ...ids.failed!]),
    );
    assert.deepEqual(
      (await get('kind=ping')).jobs.map((j: any) => j.id),
      ids.ping,
    );
    assert.deepEqual(new Set((await get('status=scheduled')).jobs.map((j: any) => j.id)), new Set(ids.scheduled));
    assert.deepEqual(new Set((await get('status=failed')).jobs.map((j: any) => j.id)), new Set(ids.failed));
    const scheduled = emails.jobs.find((j: any) => j.id === ids.scheduled![0]);
    assert.equal(scheduled.status, 'scheduled');
    assert.deepEqual(scheduled.tags, ['batch-b']);
    assert.equal(scheduled.input.subject, 'later 0');
    assert.equal(emails.jobs.find((j: any) => j.id === ids.sent![0]).status, 'succeeded');
  });

  it('lists by tag and by creation time', async () => {
    assert.deepEqual(new Set((await get('tag=batch-a')).jobs.map((j: any) => j.id)), new Set(ids.sent));
    const since = (await get(`since=${encodeURIComponent(windowStart)}&kind=email`)).jobs.map((j: any) => j.id);
    assert.deepEqual(new Set(since), new Set([...ids.scheduled!, ...ids.failed!]));
    const until = (await get(`until=${encodeURIComponent(windowStart)}&kind=email`)).jobs.map((j: any) => j.id);
    assert.deepEqual(new Set(until), new Set(ids.sent));
  });

  it('returns every matching job exactly once across pages', async () => {
    const paged = await allPages('kind=email', 2);
    assert.equal(paged.length, 7);
    assert.deepEqual(new Set(paged), new Set([...ids.sent!, ...ids.scheduled!, ...ids.failed!]));
  });

  it('refuses bad filters with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['status=done', 'status'],
      ['limit=0', 'limit'],
      ['since=yesterday', 'since'],
      ['kind=EMAIL!', 'kind'],
      ['cursor=%24%24', 'cursor'],
      ['color=red', 'color'],
    ]) {
      const r = await stack.api.request('GET', `/v1/jobs?${query}`);
      assert.equal(r.status, 400, query);
      assert.deepEqual(
        r.body.errors.map((e: any) => e.field),
        [field],
        query,
      );
    }
    for (const cursor of ['bm90LWEtdG9rZW4', 'bm90LWEtdG9rZW4.AAAAAAAAAAAAAAAA']) {
      const forged = await stack.api.request('GET', `/v1/jobs?cursor=${cursor}`);
      assert.equal(forged.status, 400, cursor);
      assert.equal(forged.body.errors[0].field, 'cursor');
    }
    const first = await get('kind=email&limit=2');
    const otherQuery = await stack.api.request('GET', `/v1/jobs?kind=ping&limit=2&cursor=${first.nextCursor}`);
    assert.equal(otherQuery.status, 400, 'a cursor only continues the listing it came from');
  });
});
