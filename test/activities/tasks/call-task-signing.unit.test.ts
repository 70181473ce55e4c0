import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { generateSecret } from '../../../activities/webhooks/signature';
import { plainHeaders as plain, type Receiver, reply, startReceiver } from '../webhooks/receiver';
import { createTaskFixture, JOB_ID, OCCURRED_AT } from './call-task-fixture';

void describe('callTask: the request the app receives', () => {
  let receiver: Receiver;
  let fixture: ReturnType<typeof createTaskFixture>;
  let type: string;

  before(async () => {
    receiver = await startReceiver(reply(204));
    fixture = createTaskFixture({ origins: [receiver.origin] });
    type = fixture.addType('emails.digest', `${receiver.origin}/tasks/digest`);
  });
  beforeEach(() => {
    receiver.requests.length = 0;
  });
  after(async () => {
    await fixture.close();
    await receiver.close();
  });

  void it('POSTs the Standard Webhooks envelope, signed so that the standardwebhooks package verifies it', async () => {
    await fixture.call(fixture.input(type, { payload: { user: 'u_7', since: '2027-03-14' } }));
    const [request] = receiver.requests;
    assert.ok(request);
    assert.equal(
      request.body,
      `{"type":"emails.digest","timestamp":"${OCCURRED_AT}","data":{"user":"u_7","since":"2027-03-14"}}`,
    );
    assert.deepEqual(new Webhook(fixture.secrets[0]!).verify(request.body, plain(request.headers)), {
      type: 'emails.digest',
      timestamp: OCCURRED_AT,
      data: { user: 'u_7', since: '2027-03-14' },
    });
    assert.throws(
      () => new Webhook(generateSecret()).verify(request.body, plain(request.headers)),
      /No matching signature/,
    );
  });

  void it('sends the job id and attempt number, JSON content type and the Afterward-Tasks user agent', async () => {
    await fixture.call(fixture.input(type, { attempt: 4 }));
    const headers = receiver.requests[0]?.headers ?? {};
    assert.equal(headers['afterward-job-id'], JOB_ID);
    assert.equal(headers['afterward-attempt'], '4');
    assert.equal(headers['webhook-id'], JOB_ID);
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['user-agent'], 'Afterward-Tasks/1');
  });

  void it('sends the same webhook-id and body on every attempt of a job, so the app can deduplicate', async () => {
    await fixture.call(fixture.input(type, { attempt: 1 }));
    await fixture.call(fixture.input(type, { attempt: 2 }));
    assert.deepEqual(
      receiver.requests.map((request) => request.headers['webhook-id']),
      [JOB_ID, JOB_ID],
    );
    assert.deepEqual(
      receiver.requests.map((request) => request.headers['afterward-attempt']),
      ['1', '2'],
    );
    assert.equal(new Set(receiver.requests.map((request) => request.body)).size, 1);
  });

  void it('signs with every secret during a rotation: the app verifies with the new one or the old one', async () => {
    const [oldSecret] = fixture.secrets;
    const newSecret = generateSecret();
    fixture.secrets.unshift(newSecret);
    try {
      await fixture.call(fixture.input(type));
    } finally {
      fixture.secrets.shift();
    }
    const [request] = receiver.requests;
    assert.ok(request);
    assert.equal(String(request.headers['webhook-signature']).split(' ').length, 2);
    for (const secret of [newSecret, oldSecret!]) new Webhook(secret).verify(request.body, plain(request.headers));
  });

  void it('reads the secrets at every attempt: one rotated in since the last attempt signs the next', async () => {
    const rotated = generateSecret();
    const previous = fixture.secrets.splice(0, fixture.secrets.length, rotated);
    try {
      await fixture.call(fixture.input(type));
    } finally {
      fixture.secrets.splice(0, fixture.secrets.length, ...previous);
    }
    const [request] = receiver.requests;
    new Webhook(rotated).verify(request!.body, plain(request!.headers));
    assert.throws(
      () => new Webhook(previous[0]!).verify(request!.body, plain(request!.headers)),
      /No matching signature/,
    );
  });
});
