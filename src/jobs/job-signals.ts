import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { findKind } from '../kinds';
import type { JobControl } from '../kinds/kind';

export class UnknownSignalError extends Error {
  constructor(
    readonly kind: string,
    name: string,
    readonly valid: string[],
  ) {
    super(
      valid.length ? `${kind} jobs take the signals ${valid.join(', ')}; not ${name}` : `${kind} jobs take no signals`,
    );
  }
}

export class JobClosedError extends Error {}

/**
 * What `POST /v1/jobs/:id/signals/:name` can send to job `id`: the controls its kind declares. The names
 * are the wire names users also type in `temporal workflow update execute --name`.
 */
export function findJobSignal(id: string, name: string): JobControl {
  const kindName = id.split('-')[0]!;
  const controls = findKind(kindName)?.controls ?? {};
  const found = Object.hasOwn(controls, name) ? controls[name] : undefined;
  if (!found) throw new UnknownSignalError(kindName, name, Object.keys(controls));
  return found;
}

/** Sends a validated signal; a job that has already closed is a JobClosedError rather than "not found". */
export async function sendJobSignal(client: Client, id: string, signal: JobControl, body: unknown): Promise<unknown> {
  try {
    return await signal.send(client, id, body);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const { status } = await client.workflow.getHandle(id).describe();
    throw new JobClosedError(`job ${id} has already closed (${status.name.toLowerCase()})`);
  }
}
