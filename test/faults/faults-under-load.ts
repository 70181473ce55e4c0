// Faults under load, on any Temporal server that can be killed: a few hundred mixed jobs through the api process,
// the worker process SIGKILLed mid-flight and replaced, then the Temporal server kill -9ed and restarted on its
// database. Every job must still succeed, every side effect arrive, and a repeat come only from a kill.
import assert from 'node:assert/strict';
import type { TemporalUnderTest } from '../helpers/temporal-under-test';
import { inParallel } from '../../src/in-parallel';
import { waitFor } from '../helpers/wait-for';
import { type AfterwardProcesses, startAfterwardProcesses } from './afterward-processes';
import { type Arrivals, type Channel, arrivals, arrivedJobsWhere, repeated } from './deliveries';
import { type AcceptedJob, LOAD, createLoadTargets, stopSchedule, submitLoad } from './mixed-load';

const CHANNELS: readonly Channel[] = ['email', 'webhook', 'task'];
const EMAILS_AFTER_RESTART = 10;
const DRAIN_TIMEOUT_MS = 120_000;

/** Runs the scenario and its assertions; answers one line of counts to quote. */
export async function runFaultsUnderLoad(temporal: TemporalUnderTest): Promise<string> {
  const afterward = await startAfterwardProcesses(temporal);
  try {
    return await scenario(afterward, temporal);
  } catch (err) {
    (err as Error).message += `\n--- the processes' last output:\n${afterward.output().slice(-6_000)}`;
    throw err;
  } finally {
    await afterward.close();
  }
}

async function scenario(afterward: AfterwardProcesses, temporal: TemporalUnderTest): Promise<string> {
  const targets = await createLoadTargets(afterward);
  const emails = LOAD.email + LOAD.delayedEmail;
  const uniqueEmails = () => new Set(arrivals(afterward).email).size;

  // The worker dies once some, not all, of the immediate emails have arrived, while the load is still coming in.
  const loading = submitLoad(afterward, targets, LOAD);
  let loaded = false;
  void loading.then(
    () => (loaded = true),
    () => (loaded = true),
  );
  await waitFor(() => loaded || uniqueEmails() >= 25, { timeoutMs: 60_000, intervalMs: 20, what: '25 emails' });
  await afterward.killWorker();
  const atWorkerKill = arrivals(afterward);
  assert.ok(new Set(atWorkerKill.email).size < LOAD.email, 'the worker was killed before every email had arrived');
  await afterward.startWorker();
  // Looked at once the new worker runs: an attempt it has already retried shows as a second attempt.
  const inFlightAtWorkerKill = await inFlight(afterward, atWorkerKill);
  const jobs = await loading;

  // The server dies while the new worker sends: delayed emails still wait, attempts lost with the worker are due.
  await waitFor(() => uniqueEmails() >= new Set(atWorkerKill.email).size + 20, {
    timeoutMs: 60_000,
    what: 'the new worker to send 20 emails',
  });
  const killedAt = Date.now();
  await temporal.kill9();
  await temporal.restart();
  const restartedAt = Date.now();
  const outageMs = restartedAt - killedAt;
  // The api answers ready only once it reaches the server again and sees the worker poll it again.
  await waitFor(async () => (await afterward.request('GET', '/readyz')).status === 200, {
    timeoutMs: 60_000,
    what: 'the api to be ready again after the restart',
  });
  const inFlightAtServerKill = without(await inFlight(afterward, arrivals(afterward)), inFlightAtWorkerKill);
  jobs.push(...(await submitLoad(afterward, targets, { email: EMAILS_AFTER_RESTART })));
  const schedule = await stopSchedule(afterward, targets);

  const closed = await drain(afterward, [...jobs.map((job) => job.id), ...schedule.runs]);
  const drainMs = Date.now() - restartedAt;

  assert.deepEqual(
    closed.filter((job) => job.status !== 'succeeded').map((job) => [job.id, job.status, job.lastError]),
    [],
    'every job succeeded',
  );
  assert.ok(schedule.runs.length >= 2, `the schedule fired: ${JSON.stringify(schedule.fires)}`);

  const received = arrivals(afterward);
  const ofKind = (...kinds: AcceptedJob['kind'][]) => jobs.filter((job) => kinds.includes(job.kind)).map((j) => j.id);
  const sorted = (ids: string[]) => [...new Set(ids)].sort();
  assert.deepEqual(sorted(received.email), sorted(ofKind('email', 'delayedEmail')), 'one Message-ID per email job');
  assert.deepEqual(sorted(received.webhook), sorted(ofKind('webhook')), 'every webhook delivered');
  assert.deepEqual(sorted(received.task), sorted(ofKind('task')), 'every task called');
  for (const channel of CHANNELS) {
    const fromKills = new Set([...inFlightAtWorkerKill[channel], ...inFlightAtServerKill[channel]]);
    const unexplained = repeated(received[channel]).filter((id) => !fromKills.has(id));
    assert.deepEqual(unexplained, [], `${channel}: repeated only when an attempt was in flight at a kill`);
  }
  assertCopiesAlike(afterward);
  assertNothingEarly(afterward, jobs);

  const count = (kind: AcceptedJob['kind']) => jobs.filter((job) => job.kind === kind).length;
  const perChannel = (of: Arrivals) => CHANNELS.map((c) => `${c} ${of[c].length}`).join(', ');
  return (
    `faults under load: accepted ${count('email')} emails (${EMAILS_AFTER_RESTART} after the restart), ` +
    `${count('delayedEmail')} delayed emails, ${count('webhook')} webhooks, ${count('task')} tasks, ` +
    `${count('sequence')} sequences, ${schedule.runs.length} schedule runs (` +
    `${schedule.fires.missedCatchupWindow} fires missed in the outage); ` +
    `received ${perChannel(received)} (repeats: ${CHANNELS.map((c) => `${c} ${repeated(received[c]).length}`).join(', ')}); ` +
    `${new Set(atWorkerKill.email).size}/${emails} emails in before the worker kill; ` +
    `in flight at the worker kill: ${perChannel(inFlightAtWorkerKill)}; at the server kill: ${perChannel(inFlightAtServerKill)}; ` +
    `server down ${(outageMs / 1000).toFixed(1)} s; drained ${(drainMs / 1000).toFixed(1)} s after the restart`
  );
}

/**
 * The arrivals a kill may repeat: their side effect happened but Temporal had not recorded the attempt's success
 * when we looked (a kill loses that answer, so the retry repeats it), or the job already needed a second attempt
 * (such an attempt, retried between the restart and our look).
 */
async function inFlight(afterward: AfterwardProcesses, seen: Arrivals): Promise<Arrivals> {
  return arrivedJobsWhere(afterward, seen, (job) => job.status !== 'succeeded' || job.attempts > 1);
}

/** The arrivals of `of` that `known` does not hold: those a later kill put in flight. */
function without(of: Arrivals, known: Arrivals): Arrivals {
  const left = (channel: Channel) => of[channel].filter((id) => !known[channel].includes(id));
  return { email: left('email'), webhook: left('webhook'), task: left('task') };
}

/** Waits, bounded, until every job has closed; answers each as GET /v1/jobs/:id shows it. */
async function drain(afterward: AfterwardProcesses, ids: string[]): Promise<any[]> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  return inParallel(ids, 8, (id) =>
    waitFor(
      async () => {
        const { body } = await afterward.request('GET', `/v1/jobs/${id}`);
        return body?.closedAt != null && body;
      },
      { timeoutMs: Math.max(0, deadline - Date.now()), intervalMs: 500, what: `job ${id} to close` },
    ),
  );
}

/** A repeated email is the same message: one Message-ID, one subject. */
function assertCopiesAlike(afterward: AfterwardProcesses): void {
  const subjects = new Map<string, Set<string | undefined>>();
  for (const message of afterward.sink.messages) {
    const id = message.parsed.messageId!;
    subjects.set(id, (subjects.get(id) ?? new Set()).add(message.parsed.subject));
  }
  assert.deepEqual(
    [...subjects].filter(([, seen]) => seen.size > 1),
    [],
    'every copy of a Message-ID has the same subject',
  );
}

/** No copy of a delayed email arrives before its sendAt. */
function assertNothingEarly(afterward: AfterwardProcesses, jobs: AcceptedJob[]): void {
  const sendAt = new Map(
    jobs.filter((job) => job.sendAt).map((job) => [`<${job.id}@afterward.localhost>`, job.sendAt!]),
  );
  const early = afterward.sink.messages.filter((m) => m.receivedAt < (sendAt.get(m.parsed.messageId!) ?? 0));
  assert.deepEqual(
    early.map((m) => [m.parsed.messageId, new Date(m.receivedAt).toISOString()]),
    [],
    'no delayed email before its sendAt',
  );
}
