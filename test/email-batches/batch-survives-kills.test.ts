// An email batch through real processes (api and worker on PostgreSQL, a standalone dev server on SQLite): the
// worker is SIGKILLed mid-batch and replaced, then the Temporal server is kill -9ed and restarted. Every recipient
// arrives, and a repeat is only a send that was in flight at the worker's kill, with the same Message-ID.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Deployment, startDeployment } from '../cluster/deployment';
import { createTestDatabase } from '../helpers/postgres';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { uniqueTaskQueue } from '../helpers/temporal';
import { startDevServerProcess, type TemporalUnderTest } from '../helpers/temporal-under-test';
import { waitFor } from '../helpers/wait-for';
import { batchRequest, deliveriesById } from './batch-stack';

const RECIPIENTS = 600;

describe('an email batch whose worker and then Temporal server are killed', () => {
  let temporal: TemporalUnderTest;
  let sink: SmtpSink;
  let deployment: Deployment;

  before(async () => {
    temporal = await startDevServerProcess();
    // A server that takes a moment to answer, so sends are in flight when the worker dies.
    sink = await startSmtpSink({ replyDelayMs: { min: 100, max: 300 } });
    deployment = await startDeployment({
      address: temporal.address,
      namespace: temporal.namespace,
      databaseUrl: await createTestDatabase(),
      workers: 1,
      env: { TEMPORAL_TASK_QUEUE: uniqueTaskQueue('batch-kills'), SMTP_URL: sink.url },
    });
  });
  after(async () => {
    await deployment?.stop();
    await sink?.close();
    await temporal?.stop();
  });

  /** Recipients the database holds as sent (through the API's paged listing). */
  const sentInDatabase = async (id: string): Promise<Set<string>> => {
    const ids = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = `status=sent&limit=1000${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await deployment.request('GET', `/v1/jobs/${id}/recipients?${query}`);
      assert.equal(status, 200, JSON.stringify(body));
      for (const r of body.recipients) ids.add(r.messageId);
      cursor = body.nextCursor;
    } while (cursor);
    return ids;
  };

  it('sends every recipient, repeating only sends in flight at the worker kill, with the same Message-ID', async (t) => {
    const { status, body } = await deployment.request(
      'POST',
      '/v1/email-batches',
      batchRequest(RECIPIENTS, { ratePerSecond: 100 }),
    );
    assert.equal(status, 202, JSON.stringify(body));
    const id: string = body.id;
    const delivered = () => deliveriesById(sink, id);

    await waitFor(() => delivered().size >= 100, { timeoutMs: 60_000, what: '100 messages before the worker kill' });
    const worker = deployment.workers.at(-1)!;
    worker.child.kill('SIGKILL');
    await worker.exited;
    // The worker is gone: what the sink has and the database does not say was sent was in flight.
    const inFlightAtKill = new Set(delivered().keys());
    const recorded = await sentInDatabase(id);
    for (const messageId of recorded) inFlightAtKill.delete(messageId);
    assert.ok(delivered().size < RECIPIENTS, 'killed before the end');
    await deployment.addWorker();

    const atWorkerKill = delivered().size;
    await waitFor(() => delivered().size >= atWorkerKill + 100, {
      timeoutMs: 60_000,
      what: '100 more messages from the new worker',
    });
    const atServerKill = delivered().size;
    await temporal.kill9();
    await temporal.restart();

    const job = await waitFor(
      async () => {
        const r = await deployment.request('GET', `/v1/jobs/${id}`).catch(() => undefined);
        return r?.body?.closedAt ? r.body : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: `batch ${id} to close` },
    );
    assert.equal(job.status, 'succeeded', JSON.stringify(job.lastError));
    assert.deepEqual(job.result, { total: RECIPIENTS, sent: RECIPIENTS, failed: 0, pending: 0 });
    const counts = delivered();
    assert.equal(counts.size, RECIPIENTS, 'every recipient arrived');
    assert.equal((await sentInDatabase(id)).size, RECIPIENTS, 'and is recorded as sent');
    const repeated = [...counts].filter(([, n]) => n > 1).map(([messageId]) => messageId);
    assert.deepEqual(
      repeated.filter((m) => !inFlightAtKill.has(m)),
      [],
      `repeated only when in flight at the worker kill (${inFlightAtKill.size} were)`,
    );
    assert.ok(
      [...counts.values()].every((n) => n <= 2),
      'at most one repeat each',
    );
    t.diagnostic(
      `${atWorkerKill} delivered at the worker kill (${inFlightAtKill.size} in flight), ${atServerKill} at the ` +
        `server kill; ${repeated.length} repeated`,
    );
  });
});
