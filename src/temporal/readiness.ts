import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';

export interface Readiness {
  ready: boolean;
  checks: { temporal: string; worker: string };
}

/** A worker long-polls for about a minute; a poller seen within this window is alive. */
const POLLER_FRESH_MS = 90_000;

/**
 * Ready means jobs accepted now will run: the server answers, and some worker polls our task queue.
 * Bounded by `timeoutMs`, so a hung server gives a 503 instead of a hung probe.
 */
export async function checkReadiness(client: Client, taskQueue: string, timeoutMs: number): Promise<Readiness> {
  const checks = { temporal: 'ok', worker: 'unknown' };
  try {
    const response = await client.withDeadline(Date.now() + timeoutMs, () =>
      client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      }),
    );
    const now = Date.now();
    const fresh = (response.pollers ?? []).filter(
      (p) => p.lastAccessTime && now - tsToMs(p.lastAccessTime) < POLLER_FRESH_MS,
    );
    checks.worker = fresh.length > 0 ? 'ok' : `no worker is polling task queue ${taskQueue}`;
  } catch (err) {
    checks.temporal = `Temporal unreachable: ${(err as Error).message}`;
    checks.worker = 'unknown (Temporal unreachable)';
  }
  return { ready: checks.temporal === 'ok' && checks.worker === 'ok', checks };
}
