import { randomUUID } from 'node:crypto';
import type { TestApi } from '../helpers/api';
import { waitFor } from '../helpers/wait-for';

/** A valid email job for a schedule. */
export const emailJob = (input: Record<string, unknown> = {}) => ({ kind: 'email', input: { to: ['ada@example.com'], subject: 'Digest', text: 'Hello', ...input } });

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
  return waitFor(async () => {
    const r = await api.request('GET', `/v1/schedules/${id}`);
    return r.body.recentRuns?.length >= count && r.body;
  }, { timeoutMs, intervalMs: 200, what: `${count} run(s) of schedule ${id}` });
}
