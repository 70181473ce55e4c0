import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AuditStack, startAuditStack } from '../helpers/audit-stack';
import { waitFor } from '../helpers/wait-for';

describe("the service's own control actions in the audit log", () => {
  let stack: AuditStack;
  before(async () => {
    stack = await startAuditStack('audit-cancel', 'SQLite');
  });
  after(() => stack.close());

  it('records job.cancelled, by the name of the API key that asked, when a job is cancelled', async () => {
    const job = await stack.api.request('POST', '/v1/emails', {
      to: ['ada@example.com'],
      subject: 'Later',
      text: 'in an hour',
      delay: '1h',
    });
    assert.equal(job.status, 202, JSON.stringify(job.body));
    const cancelled = await stack.api.request('POST', `/v1/jobs/${job.body.id}/cancel`, undefined, {
      'x-request-id': 'req-cancel-1',
    });
    assert.equal(cancelled.status, 202, JSON.stringify(cancelled.body));

    const listed = await waitFor(
      async () => {
        const r = await stack.api.request('GET', `/v1/audit-events?action=job.cancelled&resource=job:${job.body.id}`);
        return r.body.events.length > 0 && r.body.events;
      },
      { what: 'the job.cancelled audit event' },
    );
    assert.equal(listed.length, 1);
    const [event] = listed;
    assert.equal(event.actor, 'test', "startTestApi's key is named test");
    assert.deepEqual(event.detail, { runId: job.body.links.temporalUi.split('/').at(-2), requestId: 'req-cancel-1' });
    assert.ok(Math.abs(Date.parse(event.at) - Date.now()) < 60_000);
    await waitFor(async () => (await stack.api.request('GET', `/v1/jobs/${job.body.id}`)).body.status === 'cancelled', {
      what: 'the job to be cancelled',
    });
  });

  it('records nothing when the cancel is refused', async () => {
    const refused = await stack.api.request('POST', '/v1/jobs/email-00000000000000000000000000/cancel');
    assert.equal(refused.status, 404);
    await stack.drain();
    const { events } = await stack.store.audit.list({ action: 'job.cancelled' });
    assert.deepEqual(
      events.filter((e) => e.resource === 'job:email-00000000000000000000000000'),
      [],
    );
  });
});
