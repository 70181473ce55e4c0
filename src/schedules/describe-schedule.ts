import type { Client, ScheduleDescription } from '@temporalio/client';
import type { JobLinkBuilder } from '../jobs/job-view';
import type { ScheduleContext } from './schedule-options';
import { isAfterwardSchedule, scheduleView } from './schedule-view';

/** A schedule in the namespace that Afterward did not make: left alone, as if it were not there. */
export class NotAfterwardScheduleError extends Error {
  constructor(readonly scheduleId: string) {
    super(`schedule ${scheduleId} was not made by Afterward`);
  }
}

/** Temporal's description of one of Afterward's schedules; throws ScheduleNotFoundError or NotAfterwardScheduleError. */
export async function describeSchedule(client: Client, id: string): Promise<ScheduleDescription> {
  const description = await client.schedule.getHandle(id).describe();
  if (!isAfterwardSchedule(description)) throw new NotAfterwardScheduleError(id);
  return description;
}

export type ScheduleView = ReturnType<typeof scheduleView>;

/** GET /v1/schedules/:id, and the dashboard's page of one schedule. */
export async function getScheduleView(
  client: Client,
  id: string,
  ctx: ScheduleContext,
  links: JobLinkBuilder,
): Promise<ScheduleView> {
  return scheduleView(await describeSchedule(client, id), ctx, links);
}
