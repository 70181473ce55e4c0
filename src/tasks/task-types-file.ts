import { z } from 'zod';
import type { TaskTypeStore } from '../../activities/tasks';
import { ConfigError, type TaskConfig } from '../config';
import type { Logger } from '../logger';
import { checkedEntry, entryLabel, readYamlFile } from '../validation/declared-file';
import { type TaskTypeRequest, taskTypeRequestSchema } from './task-type-schema';

/** A task types file that cannot be applied; its message is one line naming the entry and field. */
export class TaskTypesFileError extends ConfigError {}

export interface DeclaredTaskTypes {
  file: string;
  taskTypes: TaskTypeRequest[];
}

export interface TaskTypesApplyReport {
  created: string[];
  updated: string[];
  unchanged: string[];
}

const fileSchema = z.strictObject({ taskTypes: z.array(z.unknown()).default([]) });

/**
 * Reads and validates a task types file with the same schema as POST /v1/task-types, before anything
 * starts. Undefined when the default file is absent; a named file must exist.
 */
export function loadTaskTypesFile(
  tasks: Pick<TaskConfig, 'typesFile' | 'allowedOrigins' | 'allowList'>,
): DeclaredTaskTypes | undefined {
  const { file } = tasks.typesFile;
  const fail = (what: string): never => {
    throw new TaskTypesFileError(`task types file ${file}: ${what}`);
  };
  const parsed = readYamlFile(tasks.typesFile, fail);
  if (parsed === undefined) return undefined;
  const declared = checkedEntry(fileSchema, parsed, '', fail);
  const schema = taskTypeRequestSchema(tasks);
  const taskTypes = declared.taskTypes.map((entry, i) =>
    checkedEntry(schema, entry, entryLabel('taskTypes', i, entry, 'name'), fail),
  );
  const duplicate = taskTypes.find((t, i) => taskTypes.findIndex((other) => other.name === t.name) !== i);
  if (duplicate) fail(`task type ${duplicate.name} is declared twice`);
  return { file, taskTypes };
}

/**
 * Applies the file: creates what is missing, replaces what differs (settings left out of an entry
 * take their defaults), leaves equal types alone. Types the file does not list are left as they are.
 */
export async function applyTaskTypes(
  deps: { store: TaskTypeStore; logger: Logger },
  declared: DeclaredTaskTypes,
): Promise<TaskTypesApplyReport> {
  const report: TaskTypesApplyReport = { created: [], updated: [], unchanged: [] };
  for (const { name, settings } of declared.taskTypes) {
    const existed = (await deps.store.get(name)) !== undefined;
    const { changed } = await deps.store.put(name, settings);
    report[!changed ? 'unchanged' : existed ? 'updated' : 'created'].push(name);
  }
  deps.logger.info({ file: declared.file, ...report }, 'applied the task types file');
  return report;
}
