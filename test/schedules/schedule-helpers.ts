import { randomUUID } from 'node:crypto';
import type { TestApi } from '../helpers/api';
import { waitFor } from '../helpers/wait-for';

/** A valid email job for a schedule. */
export const emailJob = (input: Record<string, unknown> = {}) => ({
  kind: 'email',
  input: { to: ['ada@example.com'], subject: 'Digest', text: 'Hello', ...input },
});

/**
 * The spec of a schedule whose runs come only from triggers: hourly, but starting in a year. A plain `every: '1h'`
 * fires at the turn of the hour, and a run test that straddles it sees a run it did not trigger.
 */
export const triggeredOnly = () => ({ every: '1h', startAt: new Date(Date.now() + 365 * 24 * 3600_000).toISOString() });

/** A schedule id nobody else uses on the shared dev server. */
export const uniqueScheduleId = (name: string): string => `${name}-${randomUUID().slice(0, 8)}`;

/** Creates schedules through the API and deletes them all at the end, so none keeps firing after its test. */
export function scheduleTracker(api: TestApi) {
  const created = new Set<string>();
  return {
    async create(body: Record<string, unknown>) {
      const r = await api.request('POST', '/v1/schedules', body);
      if (r.status === 201) created.add(body.id as string);
      return r;
    },
    async deleteAll() {
      for (const id of created) await api.request('DELETE', `/v1/schedules/${id}`);
      created.clear();
    },
  };
}

/** Waits until the schedule has started at least `count` runs; returns its view. */
export function waitForRuns(api: TestApi, id: string, count: number, timeoutMs: number) {
  return waitFor(
    async () => {
      const r = await api.request('GET', `/v1/schedules/${id}`);
      return r.body.recentRuns?.length >= count && r.body;
    },
    { timeoutMs, intervalMs: 200, what: `${count} run(s) of schedule ${id}` },
  );
}

/** The ids on each page of GET /v1/schedules, following `nextCursor` to the end. */
export async function schedulePages(api: TestApi, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const r = await api.request('GET', `/v1/schedules?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    if (r.status !== 200) throw new Error(`GET /v1/schedules: ${r.status} ${JSON.stringify(r.body)}`);
    pages.push(r.body.schedules.map((s: { id: string }) => s.id));
    cursor = r.body.nextCursor;
    if (pages.length > 1000) throw new Error('more than 1000 pages');
  } while (cursor);
  return pages;
}

/**
 * Triggers one run and waits until the schedule lists it; returns it. A run's job id names its time to the
 * second, so before answering this waits for the next second: a trigger right after starts another job.
 */
export async function triggerRun(api: TestApi, id: string): Promise<{ jobId: string; scheduledAt: string }> {
  const before = (await api.request('GET', `/v1/schedules/${id}`)).body.recentRuns.length;
  const r = await api.request('POST', `/v1/schedules/${id}/trigger`);
  if (r.status !== 202) throw new Error(`trigger ${id}: ${r.status} ${JSON.stringify(r.body)}`);
  const [run] = (await waitForRuns(api, id, before + 1, 10_000)).recentRuns;
  const nextSecond = Math.floor(Date.parse(run.scheduledAt) / 1000) * 1000 + 1000;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextSecond - Date.now())));
  return run;
}

/** The time a schedule's run was due, as its job id names it (`…-2027-03-15T13:00:00Z`): what the run records as its time. */
export function dueTimeOf(jobId: string): string {
  const named = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.exec(jobId);
  if (!named) throw new Error(`${jobId} is not the job id of a schedule's run`);
  return new Date(named[0]).toISOString();
}
