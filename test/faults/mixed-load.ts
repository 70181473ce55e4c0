// The jobs the fault test puts through the api process: every kind a user starts over HTTP, interleaved.
import { randomUUID } from 'node:crypto';
import { inParallel } from '../../src/in-parallel';
import { waitFor } from '../helpers/wait-for';
import type { AfterwardProcesses } from './afterward-processes';

export type LoadKind = 'email' | 'delayedEmail' | 'webhook' | 'task' | 'sequence';

export interface AcceptedJob {
  id: string;
  kind: LoadKind;
  /** A delayed email's send time (ms since the epoch): nothing may arrive before it. */
  sendAt?: number;
}

/** A few hundred jobs, bounded: the emails outnumber the rest, so that a kill finds sends in flight. */
export const LOAD: Record<LoadKind, number> = { email: 150, delayedEmail: 40, webhook: 60, task: 40, sequence: 5 };

/** The endpoint, task type and schedule the load uses, made through the API like a user makes them. */
export interface LoadTargets {
  endpointId: string;
  taskType: string;
  scheduleId: string;
}

export async function createLoadTargets(afterward: AfterwardProcesses): Promise<LoadTargets> {
  const endpoint = await accepted(
    afterward.request('POST', '/v1/webhook-endpoints', { url: `${afterward.webhookReceiver.origin}/hooks` }),
    201,
  );
  const taskType = 'faults.work';
  // Attempts lost to a kill time out after timeout + 5 s; a 1 s first retry keeps the drain short.
  await accepted(
    afterward.request('POST', '/v1/task-types', {
      name: taskType,
      url: `${afterward.taskApp.origin}/${taskType}`,
      timeout: '3s',
      retry: { maxAttempts: 20, initialInterval: '1s', maximumInterval: '2s' },
    }),
    201,
  );
  const scheduleId = `faults-${randomUUID().slice(0, 8)}`;
  // allow_all: every fire starts a run that must survive the kills, none skipped behind a run a kill holds up.
  const job = { kind: 'ping', input: { tags: [scheduleId] } };
  await accepted(
    afterward.request('POST', '/v1/schedules', { id: scheduleId, every: '3s', overlap: 'allow_all', job }),
    201,
  );
  return { endpointId: endpoint.id, taskType, scheduleId };
}

type Fires = { taken: number; skippedOverlap: number; missedCatchupWindow: number };

/** Pauses the schedule; answers its fire counts and the ids of every run it started (found by its tag). */
export async function stopSchedule(
  afterward: AfterwardProcesses,
  { scheduleId }: LoadTargets,
): Promise<{ fires: Fires; runs: string[] }> {
  await accepted(afterward.request('POST', `/v1/schedules/${scheduleId}/pause`, {}), 200);
  // Visibility is eventually consistent: the list catches up with the fires. The fires are read again each time: a
  // start the scheduler had begun before the pause is counted (and listed) once it completes.
  let schedule: { fires: Fires; recentRuns: { jobId: string }[] } | undefined;
  let listed: string[] = [];
  const runs = await waitFor(
    async () => {
      schedule = await accepted(afterward.request('GET', `/v1/schedules/${scheduleId}`), 200);
      const { jobs } = await accepted(afterward.request('GET', `/v1/jobs?tag=${scheduleId}&limit=100`), 200);
      listed = jobs.map((job: { id: string }) => job.id);
      // At least every fire it counts: a server killed between the scheduler's start of a run and its record of it
      // leaves a run the count misses (its id is its fire time, so never a second one); that run is drained too.
      return listed.length >= schedule!.fires.taken && listed;
    },
    { timeoutMs: 60_000, what: `the runs of schedule ${scheduleId} in the job list` },
  ).catch((err: Error) => {
    const recent = schedule?.recentRuns.map((r) => r.jobId) ?? [];
    err.message += `; taken ${schedule?.fires.taken}, listed ${listed.length}: ${listed.join(' ')}; recent runs: ${recent.join(' ')}`;
    throw err;
  });
  const { fires } = schedule!;
  return { fires, runs };
}

/** Starts `counts` jobs of each kind, interleaved, `concurrency` requests at a time; answers them as accepted. */
export async function submitLoad(
  afterward: AfterwardProcesses,
  targets: LoadTargets,
  counts: Partial<Record<LoadKind, number>>,
  concurrency = 8,
): Promise<AcceptedJob[]> {
  return inParallel(interleave(counts), concurrency, (kind, n) => submit(afterward, targets, kind, n));
}

async function submit(
  afterward: AfterwardProcesses,
  targets: LoadTargets,
  kind: LoadKind,
  n: number,
): Promise<AcceptedJob> {
  const post = (path: string, body: unknown) => accepted(afterward.request('POST', path, body), 202);
  switch (kind) {
    case 'email':
      return { kind, id: (await post('/v1/emails', email(n))).id };
    case 'delayedEmail': {
      // Spread over the seconds the kills take, so that some timers fire before, during and after them.
      const sendAt = Date.now() + 6_000 + (n % 10) * 1_000;
      return {
        kind,
        sendAt,
        id: (await post('/v1/emails', { ...email(n), sendAt: new Date(sendAt).toISOString() })).id,
      };
    }
    case 'webhook': {
      const body = { event: 'faults.tick', endpointId: targets.endpointId, payload: { n } };
      return { kind, id: (await post('/v1/webhooks', body)).jobs[0].id };
    }
    case 'task':
      return { kind, id: (await post(`/v1/tasks/${targets.taskType}`, { payload: { n } })).id };
    case 'sequence': {
      const steps = [
        { type: 'ping', input: {} },
        { type: 'wait', input: { delay: '1s' } },
        { type: 'ping', input: {} },
      ];
      return { kind, id: (await post('/v1/sequences', { steps })).id };
    }
  }
}

const email = (n: number) => ({ to: ['ada@example.com'], subject: `faults ${n}`, text: `message ${n}` });

/** Each kind spread evenly over the whole submission: its i-th job at (i + 0.5) / count of the way. */
function interleave(counts: Partial<Record<LoadKind, number>>): LoadKind[] {
  return Object.entries(counts)
    .flatMap(([kind, count]) =>
      Array.from({ length: count }, (_, i) => ({ kind: kind as LoadKind, at: (i + 0.5) / count })),
    )
    .sort((a, b) => a.at - b.at)
    .map(({ kind }) => kind);
}

async function accepted(answer: Promise<{ status: number; body: any }>, status: number): Promise<any> {
  const { status: got, body } = await answer;
  if (got !== status) throw new Error(`expected ${status}, got ${got}: ${JSON.stringify(body)}`);
  return body;
}
