// What reached the outside world, by job: emails by their Message-ID (`<job id@EMAIL_MESSAGE_ID_DOMAIN>`, stable
// per job), webhook deliveries and task calls by their webhook-id header (the job id, the same on every attempt).
import { inParallel } from '../../src/in-parallel';
import type { ReceivedMessage } from '../helpers/smtp-sink';
import type { AfterwardProcesses } from './afterward-processes';

export type Channel = 'email' | 'webhook' | 'task';

/** Every arrival so far, as the job id it belongs to, per channel. */
export interface Arrivals {
  email: string[];
  webhook: string[];
  task: string[];
}

const MESSAGE_ID = /^<(.+)@afterward\.localhost>$/;

export function emailJobId(message: ReceivedMessage): string {
  const id = MESSAGE_ID.exec(message.parsed.messageId ?? '')?.[1];
  if (!id) throw new Error(`a message without Afterward's Message-ID: ${message.parsed.messageId}`);
  return id;
}

export function arrivals(afterward: AfterwardProcesses): Arrivals {
  const webhookIds = (requests: { headers: Record<string, unknown> }[]) =>
    requests.map((request) => String(request.headers['webhook-id']));
  return {
    email: afterward.sink.messages.map(emailJobId),
    webhook: webhookIds(afterward.webhookReceiver.requests),
    task: webhookIds(afterward.taskApp.requests),
  };
}

export function countsById(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** The ids that arrived more than once. */
export function repeated(ids: readonly string[]): string[] {
  return [...countsById(ids)].filter(([, count]) => count > 1).map(([id]) => id);
}

/** The jobs among `seen` (once each) that `test` passes, as GET /v1/jobs/:id shows them now. */
export async function arrivedJobsWhere(
  afterward: AfterwardProcesses,
  seen: Arrivals,
  test: (job: { status: string; attempts: number }) => boolean,
): Promise<Arrivals> {
  const passing = async (ids: string[]) => {
    const unique = [...new Set(ids)];
    const jobs = await inParallel(unique, 8, async (id) => (await afterward.request('GET', `/v1/jobs/${id}`)).body);
    return unique.filter((_, n) => test(jobs[n]));
  };
  return { email: await passing(seen.email), webhook: await passing(seen.webhook), task: await passing(seen.task) };
}
