// sendBatchChunk over a real SMTP sink and a SQLite store: what it records per recipient, and that a second run
// of the same chunk (a retry after a lost worker) sends nothing already recorded.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { type BatchChunkResult, createEmailBatchActivities } from '../../activities/email-batches/send-batch-chunk';
import { createMailTransport, type MailTransport } from '../../activities/mail-transport';
import { emailMessageId } from '../../workflows/shared/message-id';
import { openTestStore, type TestStore } from '../helpers/audit-stack';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';

const RETRY = { initialIntervalMs: 60_000, maximumIntervalMs: 600_000, deadlineMs: 3_600_000 };

describe('sendBatchChunk', () => {
  let sink: SmtpSink;
  let store: TestStore;
  let transport: MailTransport;
  let seq = 0;

  before(async () => {
    sink = await startSmtpSink();
    store = await openTestStore('SQLite');
    transport = createMailTransport({
      url: sink.url,
      pool: { maxConnections: 2, maxMessages: 100 },
      timeouts: { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 },
    });
  });
  afterEach(() => sink.reset());
  after(async () => {
    transport.close();
    await sink.close();
    await store.close();
  });

  const newBatch = async (n: number, sendAt?: (i: number) => string | undefined): Promise<string> => {
    const id = `batch-unit${++seq}`;
    await store.emailBatches.create({
      id,
      template: { subject: 'Hi {{ name }}', text: 'Hello {{ name }}' },
      ratePerSecond: 1000,
      requestHash: id,
      recipients: Array.from({ length: n }, (_, i) => ({
        to: `r${i}@example.com`,
        data: { name: `R${i}` },
        messageId: emailMessageId(`${id}-${i}`, 'afterward.test'),
        ...(sendAt?.(i) ? { sendAt: sendAt(i) } : {}),
      })),
    });
    return id;
  };
  const chunk = (batchId: string) => {
    const { sendBatchChunk } = createEmailBatchActivities({
      transport,
      defaultFrom: 'Afterward <noreply@afterward.test>',
      batches: store.emailBatches,
    });
    const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
    return env.run(sendBatchChunk, { batchId, retry: RETRY }) as Promise<BatchChunkResult>;
  };

  it('sends each due recipient once, and a second run of the same chunk sends nothing', async () => {
    const id = await newBatch(5);
    const first = await chunk(id);
    assert.deepEqual(first, { progress: { total: 5, sent: 5, failed: 0, pending: 0 }, tried: 5 });
    assert.equal(sink.messages.length, 5);
    assert.deepEqual(
      sink.messages.map((m) => m.parsed.messageId).sort(),
      [0, 1, 2, 3, 4].map((i) => `<${id}-${i}@afterward.test>`),
    );
    const again = await chunk(id);
    assert.deepEqual(again, { progress: { total: 5, sent: 5, failed: 0, pending: 0 }, tried: 0 });
    assert.equal(sink.messages.length, 5, 'nothing sent twice');
  });

  it('fails a recipient on a permanent answer, and keeps one pending with its backoff on a transient one', async () => {
    const id = await newBatch(1);
    sink.replyNext(550, 'No such user', 1, { at: 'RCPT' });
    const refused = await chunk(id);
    assert.deepEqual(refused.progress, { total: 1, sent: 0, failed: 1, pending: 0 });
    const [failed] = (await store.emailBatches.list(id, { status: 'failed', limit: 10 })).recipients;
    assert.equal(failed!.smtpCode, 550);
    assert.equal(failed!.attempts, 1);

    const later = await newBatch(1);
    sink.replyNext(451, 'Try again later');
    const before = Date.now();
    const deferred = await chunk(later);
    assert.deepEqual(deferred.progress, { total: 1, sent: 0, failed: 0, pending: 1 });
    const [pending] = (await store.emailBatches.list(later, { status: 'pending', limit: 10 })).recipients;
    assert.equal(pending!.smtpCode, 451);
    assert.ok(Date.parse(pending!.dueAt!) >= before + RETRY.initialIntervalMs, 'due again after the backoff');
    assert.equal(deferred.nextDueAt, pending!.dueAt);
    assert.equal((await chunk(later)).tried, 0, 'not tried again before it is due');
  });

  it('leaves a recipient whose sendAt is later for later, and says when it is due', async () => {
    const sendAt = new Date(Date.now() + 3_600_000).toISOString();
    const id = await newBatch(3, (i) => (i === 1 ? sendAt : undefined));
    const result = await chunk(id);
    assert.equal(result.tried, 2);
    assert.equal(result.nextDueAt, sendAt);
    assert.deepEqual(sink.messages.map((m) => m.envelope.to[0]).sort(), ['r0@example.com', 'r2@example.com']);
  });
});
