import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { refuseEverySignal } from './shared/rejected-signals';

const { pong } = proxyActivities<Activities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

export interface PingInput {
  message: string;
}

/** A diagnostic job: proves that the API, the server and a worker are wired together. */
export async function ping(input: PingInput): Promise<{ message: string; worker: string; at: string }> {
  refuseEverySignal();
  return pong(input.message);
}
