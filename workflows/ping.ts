import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { reportJobClosing } from './shared/job-phase';
import { refuseEverySignal } from './shared/rejected-signals';

const { pong } = proxyActivities<Activities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

export interface PingInput {
  message: string;
}

/** A diagnostic job: proves that the API, the server and a worker are wired together. */
export async function ping(input: PingInput): Promise<{ message: string; worker: string; at: string }> {
  refuseEverySignal();
  // The attempt is the listing's (as GET /v1/jobs/:id counts it from the history), not part of the answer.
  const { attempt, ...answer } = await pong(input.message);
  // Temporal's retries happen inside the activity: only the one that answered says how many it took.
  if (attempt !== undefined) reportJobClosing({ attempts: attempt, lastError: null });
  return answer;
}
