import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditShard, auditWriterId } from '../../src/audit/audit-recorder';
import { type AuditStack, startAuditStack } from '../helpers/audit-stack';
import { waitFor } from '../helpers/wait-for';

describe('internal workflows (the audit writers) are not jobs', () => {
  let stack: AuditStack;
  let writerId: string;
  let emailId: string;

  before(async () => {
    stack = await startAuditStack('internal', 'SQLite', { audit: { writerShards: 1 } });
    const eventId = `evt-${Date.now()}`;
    assert.equal(
      (
        await stack.api.request('POST', '/v1/audit-events', {
          id: eventId,
          actor: 'ada',
          action: 'invoice.paid',
          resource: 'invoice:42',
        })
      ).status,
      202,
    );
    writerId = auditWriterId(stack.taskQueue, auditShard(eventId, 1));
    emailId = (
      await stack.api.request('POST', '/v1/emails', {
        to: ['ada@example.com'],
        subject: 'Later',
        text: 'x',
        delay: '1h',
      })
    ).body.id;
    await waitFor(
      async () =>
        (await stack.env.client.workflow.count(`TaskQueue = '${stack.taskQueue}' AND ExecutionStatus = 'Running'`))
          .count === 2,
      {
        what: 'the writer and the email in visibility',
      },
    );
  });
  after(async () => {
    await stack.env.client.workflow.getHandle(emailId).terminate('test cleanup');
    await stack.close();
  });

  it('leaves them out of every listing', async () => {
    for (const query of ['', 'status=running', 'status=queued']) {
      const { status, body } = await stack.api.request('GET', `/v1/jobs?${query}`);
      assert.equal(status, 200);
      assert.deepEqual(
        body.jobs.map((j: { id: string }) => j.id),
        query === '' ? [emailId] : [],
        `GET /v1/jobs?${query}`,
      );
    }
  });

  it('answers 404 on every job route, and the writer goes on running', async () => {
    const routes: [string, string, object?][] = [
      ['GET', ''],
      ['POST', '/cancel'],
      ['POST', '/terminate', { reason: 'oops' }],
      ['POST', '/retry'],
      ['POST', '/signals/sendNow'],
    ];
    for (const [method, suffix, body] of routes) {
      const answer = await stack.api.request(method, `/v1/jobs/${writerId}${suffix}`, body);
      assert.deepEqual(
        [answer.status, answer.body.detail],
        [404, `no job with id ${writerId}`],
        `${method} /v1/jobs/:id${suffix}`,
      );
    }
    assert.equal((await stack.env.client.workflow.getHandle(writerId).describe()).status.name, 'RUNNING');
    await stack.waitForEvents(1);
  });
});
