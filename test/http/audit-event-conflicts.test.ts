import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { REFUSED_ACTION } from '../../workflows/record-audit-events';
import { type AuditStack, DIALECTS, startAuditStack } from '../helpers/audit-stack';

for (const dialect of DIALECTS) {
  describe(`an audit event id sent again on ${dialect}`, () => {
    let stack: AuditStack;
    before(async () => {
      stack = await startAuditStack(`audit-conflicts-${dialect.toLowerCase()}`, dialect);
    });
    after(() => stack.close());

    const rowsOf = async (id: string) =>
      (await stack.store.audit.list({ limit: 1000 })).events.filter((e) => e.id === id);

    it('answers 409 naming the id to other content under a recorded id, and 202 with the recorded at to the same event', async () => {
      const id = `invoice-deleted-${dialect}`;
      const event = {
        id,
        actor: 'user-42',
        action: 'invoice.deleted',
        resource: 'invoice:99',
        detail: { reason: 'duplicate' },
      };
      const first = await stack.api.request('POST', '/v1/audit-events', event);
      assert.equal(first.status, 202, JSON.stringify(first.body));
      await stack.drain();

      for (const other of [
        { ...event, detail: { reason: 'fraud' } },
        { ...event, actor: 'user-43' },
        { ...event, at: '2020-01-01T00:00:00Z' },
      ]) {
        const refused = await stack.api.request('POST', '/v1/audit-events', other);
        assert.equal(refused.status, 409, JSON.stringify(other));
        assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/);
        assert.match(refused.body.detail, new RegExp(`"${id}" is already recorded with other content`));
        assert.deepEqual(refused.body.errors, [
          { field: 'id', message: `"${id}" is already recorded with other content` },
        ]);
      }
      for (const same of [
        event,
        { ...event, at: first.body.at },
        { ...event, at: first.body.at.replace('Z', '+00:00') },
      ]) {
        const again = await stack.api.request('POST', '/v1/audit-events', same);
        assert.equal(again.status, 202, JSON.stringify(again.body));
        assert.deepEqual(
          again.body,
          { status: 'accepted', id, at: first.body.at },
          'the recorded event, with its time',
        );
      }
      await stack.drain();
      assert.deepEqual(
        (await rowsOf(id)).map((e) => [e.actor, e.at, e.detail]),
        [['user-42', first.body.at, { reason: 'duplicate' }]],
      );
      assert.deepEqual(
        (await stack.store.audit.list({ action: REFUSED_ACTION })).events,
        [],
        'refused before anything reached a writer',
      );
    });

    it('refuses a whole batch holding other content under a recorded id, naming its index, and answers recorded events with their at', async () => {
      const recorded = {
        id: `batch-recorded-${dialect}`,
        actor: 'importer',
        action: 'row.imported',
        resource: 'row:1',
        at: '2025-03-01T12:00:00Z',
      };
      assert.equal((await stack.api.request('POST', '/v1/audit-events', recorded)).status, 202);
      await stack.drain();

      const fresh = { id: `batch-fresh-${dialect}`, actor: 'importer', action: 'row.imported', resource: 'row:2' };
      const refused = await stack.api.request('POST', '/v1/audit-events/batch', {
        events: [fresh, { ...recorded, id: `${recorded.id}-2` }, { ...recorded, resource: 'row:9' }],
      });
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.deepEqual(refused.body.errors, [
        { field: 'events[2].id', message: `"${recorded.id}" is already recorded with other content` },
      ]);
      assert.match(refused.body.detail, /no event of the batch was accepted/);

      const accepted = await stack.api.request('POST', '/v1/audit-events/batch', {
        events: [fresh, { ...recorded, at: undefined }],
      });
      assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
      assert.equal(accepted.body.count, 2);
      assert.equal(accepted.body.events[0].id, fresh.id);
      assert.deepEqual(accepted.body.events[1], { id: recorded.id, at: '2025-03-01T12:00:00.000Z' });
      await stack.drain();
      assert.deepEqual(
        (await rowsOf(fresh.id)).map((e) => e.at),
        [accepted.body.events[0].at],
        'the refused batch left nothing behind',
      );
      assert.equal((await rowsOf(`${recorded.id}-2`)).length, 0);
      assert.deepEqual(
        (await rowsOf(recorded.id)).map((e) => e.resource),
        ['row:1'],
      );
      assert.equal((await stack.store.audit.verify()).intact, true);
    });

    it('answers concurrent requests each by its own events', async () => {
      const recorded = Array.from({ length: 10 }, (_, i) => ({
        id: `concurrent-${dialect}-${i}`,
        actor: 'user-1',
        action: 'file.read',
        resource: `file:${i}`,
      }));
      const first = await stack.api.request('POST', '/v1/audit-events/batch', { events: recorded });
      assert.equal(first.status, 202);
      await stack.drain();
      const requests = recorded.flatMap((event, i) => [
        { body: event, status: 202, at: first.body.events[i].at },
        { body: { ...event, actor: 'user-2' }, status: 409 },
        { body: { ...event, id: `${event.id}-new` }, status: 202 },
      ]);
      const answers = await Promise.all(
        requests.map(({ body }) => stack.api.request('POST', '/v1/audit-events', body)),
      );
      answers.forEach((answer, i) => {
        const { body, status, at } = requests[i]!;
        assert.equal(answer.status, status, `${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
        if (status === 409)
          assert.deepEqual(answer.body.errors, [
            { field: 'id', message: `"${body.id}" is already recorded with other content` },
          ]);
        else assert.equal(answer.body.id, body.id);
        if (at) assert.equal(answer.body.at, at);
      });
    });
  });
}
