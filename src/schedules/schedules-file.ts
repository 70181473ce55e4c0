import {
  type Client,
  type ScheduleDescription,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
} from '@temporalio/client';
import { z } from 'zod';
import { ConfigError } from '../config';
import { type ScheduleDefinition, scheduleRequestSchema } from './schedule-schema';
import { checkedEntry, entryLabel, readYamlFile } from '../validation/declared-file';
import type { Logger } from '../logger';
import type { ScheduledJobKinds } from './job-kinds';
import { type ScheduleContext, scheduleOptions, scheduleUpdateOptions } from './schedule-options';
import { isAfterwardSchedule, isUpToDate } from './schedule-view';

/** A schedules file that cannot be applied; its message is one line naming the entry and field. */
export class SchedulesFileError extends ConfigError {}

export interface SchedulesFileDeps extends ScheduleContext {
  client: Client;
  logger: Logger;
}

export interface ApplyReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Deleted because the file says `prune: true`, they came from the file, and it no longer lists them. */
  pruned: string[];
}

const fileSchema = z.strictObject({ prune: z.boolean().default(false), schedules: z.array(z.unknown()).default([]) });

export interface DeclaredSchedules {
  file: string;
  prune: boolean;
  schedules: ScheduleDefinition[];
}

/**
 * Reads and validates a schedules file with the same schema as POST /v1/schedules, before anything
 * starts. Undefined when the default file is absent; a named file must exist.
 */
export function loadSchedulesFile(
  source: { file: string; required: boolean },
  kinds: ScheduledJobKinds,
): DeclaredSchedules | undefined {
  const { file } = source;
  const fail = (what: string): never => {
    throw new SchedulesFileError(`schedules file ${file}: ${what}`);
  };
  const parsed = readYamlFile(source, fail);
  if (parsed === undefined) return undefined;
  const declared = checkedEntry(fileSchema, parsed, '', fail);
  const schema = scheduleRequestSchema(kinds);
  const schedules = declared.schedules.map((entry, i) =>
    checkedEntry(schema, entry, entryLabel('schedules', i, entry, 'id'), fail),
  );
  const duplicate = schedules.find((s, i) => schedules.findIndex((other) => other.id === s.id) !== i);
  if (duplicate) fail(`schedule id ${duplicate.id} is declared twice`);
  return { file, prune: declared.prune, schedules };
}

/**
 * Applies the file idempotently: creates what is missing, updates what differs, leaves equal
 * schedules alone (no update call, so the conflict token stays). Pause state and note come from
 * the file only at creation. Several instances may apply at once: a create that loses the race
 * finds the winner's schedule and compares against it.
 */
export async function applySchedules(deps: SchedulesFileDeps, declared: DeclaredSchedules): Promise<ApplyReport> {
  const report: ApplyReport = { created: [], updated: [], unchanged: [], pruned: [] };
  for (const def of declared.schedules) report[await applyOne(deps, def)].push(def.id);
  if (declared.prune) report.pruned = await prune(deps, new Set(declared.schedules.map((s) => s.id)));
  deps.logger.info({ file: declared.file, ...report }, 'applied the schedules file');
  return report;
}

async function applyOne(
  deps: SchedulesFileDeps,
  def: ScheduleDefinition,
): Promise<'created' | 'updated' | 'unchanged'> {
  const handle = deps.client.schedule.getHandle(def.id);
  let current = await describeIfExists(handle.describe());
  if (!current) {
    try {
      await deps.client.schedule.create(scheduleOptions(def, deps, 'schedules-file'));
      return 'created';
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      current = await handle.describe();
    }
  }
  if (!isAfterwardSchedule(current))
    throw new SchedulesFileError(
      `schedule ${def.id} exists in Temporal but was not made by Afterward; rename the entry or delete that schedule`,
    );
  if (isUpToDate(current, def, deps)) return 'unchanged';
  const { paused, note } = current.state;
  await handle.update(() => scheduleUpdateOptions(def, deps, { paused, note }));
  return 'updated';
}

async function describeIfExists(describing: Promise<ScheduleDescription>): Promise<ScheduleDescription | undefined> {
  try {
    return await describing;
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

/**
 * Deletes only schedules a schedules file of this deployment (task queue) created, per their memo, that
 * the file no longer declares. Schedules made through the API, or by another deployment, are never touched.
 */
async function prune(deps: SchedulesFileDeps, declared: Set<string>): Promise<string[]> {
  const pruned: string[] = [];
  for await (const summary of deps.client.schedule.list()) {
    const ours = summary.memo?.managedBy === 'schedules-file' && summary.memo.taskQueue === deps.taskQueue;
    if (!ours || declared.has(summary.scheduleId)) continue;
    await deps.client.schedule
      .getHandle(summary.scheduleId)
      .delete()
      .catch((err: unknown) => {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      });
    pruned.push(summary.scheduleId);
  }
  return pruned;
}
