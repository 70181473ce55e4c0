import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { type z } from 'zod';
import { rescheduleUpdate, sendNowUpdate } from '../../workflows/shared/send-time-controls';
import { rescheduleSchema } from '../http/schemas/email';
import { sendTime } from './send-time';

export interface JobSignal<S extends z.ZodType> {
  schema?: S;
  send(client: Client, id: string, body: z.infer<S>): Promise<unknown>;
}

const signal = <S extends z.ZodType>(s: JobSignal<S>): JobSignal<z.ZodType> => s as JobSignal<z.ZodType>;

/** The controls of a job that waits for its `sendAt`: the same updates for every such kind. */
const SEND_TIME_SIGNALS: Record<string, JobSignal<z.ZodType>> = {
  reschedule: signal({
    schema: rescheduleSchema,
    send: (client, id, body) => client.workflow.getHandle(id).executeUpdate(rescheduleUpdate, { args: [{ sendAt: sendTime(body)!.toISOString() }] }),
  }),
  sendNow: signal({ send: (client, id) => client.workflow.getHandle(id).executeUpdate(sendNowUpdate) }),
};

/**
 * What `POST /v1/jobs/:id/signals/:name` can send to each kind of job, as updates (validated, answered).
 * The names are the wire names users also type in `temporal workflow update execute --name`, and in
 * `temporal workflow signal --name`: each workflow takes them as signals too.
 */
export const JOB_SIGNALS: Record<string, Record<string, JobSignal<z.ZodType>>> = {
  email: SEND_TIME_SIGNALS,
  webhook: SEND_TIME_SIGNALS,
};

export class UnknownSignalError extends Error {
  constructor(
    readonly kind: string,
    name: string,
    readonly valid: string[],
  ) {
    super(valid.length ? `${kind} jobs take the signals ${valid.join(', ')}; not ${name}` : `${kind} jobs take no signals`);
  }
}

export class JobClosedError extends Error {}

/** The signal `name` for job `id`, validated against its kind; runs it and answers what the workflow returns. */
export function findJobSignal(id: string, name: string): JobSignal<z.ZodType> {
  const kind = id.split('-')[0]!;
  const signals = JOB_SIGNALS[kind] ?? {};
  const found = Object.hasOwn(signals, name) ? signals[name] : undefined;
  if (!found) throw new UnknownSignalError(kind, name, Object.keys(signals));
  return found;
}

/** Sends a validated signal; a job that has already closed is a JobClosedError rather than "not found". */
export async function sendJobSignal(client: Client, id: string, signal: JobSignal<z.ZodType>, body: unknown): Promise<unknown> {
  try {
    return await signal.send(client, id, body);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const { status } = await client.workflow.getHandle(id).describe();
    throw new JobClosedError(`job ${id} has already closed (${status.name.toLowerCase()})`);
  }
}
