import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

const { pong } = proxyActivities<Activities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

export interface PingInput {
  message: string;
}

/** A diagnostic job: proves that the API, the server and a worker are wired together. */
export async function ping(input: PingInput): Promise<{ message: string; worker: string; at: string }> {
  return pong(input.message);
}
