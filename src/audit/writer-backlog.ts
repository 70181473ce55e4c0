import type { Client } from '@temporalio/client';

/** A writer's history is close to Temporal's limits: new events are refused (503) until it drains. */
export class AuditBacklogError extends Error {
  override readonly name = 'AuditBacklogError';
}

export interface BacklogLimits {
  maxHistoryLength: number;
  maxHistoryBytes: number;
}

// Temporal terminates a run at 51,200 history events or 50 MB. A writer only grows past a few
// thousand events when it cannot insert (the database is away) and so cannot continue as new;
// refusing events well before the limit keeps every accepted event in a run that will complete.
export const DEFAULT_BACKLOG_LIMITS: BacklogLimits = { maxHistoryLength: 20_000, maxHistoryBytes: 20 * 1024 * 1024 };
const REFRESH_MS = 1000;

/** Throws AuditBacklogError for a backlogged writer. Describes each writer at most once a second. */
export function createBacklogCheck(client: Client, limits: BacklogLimits): (workflowId: string) => Promise<void> {
  const latest = new Map<string, { at: number; backlogged: Promise<boolean> }>();
  return async (workflowId) => {
    let entry = latest.get(workflowId);
    if (!entry || Date.now() - entry.at > REFRESH_MS) {
      entry = { at: Date.now(), backlogged: isBacklogged(client, workflowId, limits) };
      latest.set(workflowId, entry);
    }
    if (await entry.backlogged)
      throw new AuditBacklogError(
        'the audit log is backlogged: its database has been unavailable for a while; retry later',
      );
  };
}

/** Where a writer stands: its history, and whether it is backlogged. Undefined while it is not running (or unreadable). */
export async function writerBacklog(
  client: Client,
  workflowId: string,
  limits: BacklogLimits = DEFAULT_BACKLOG_LIMITS,
): Promise<{ historyLength: number; historyBytes: number; backlogged: boolean } | undefined> {
  try {
    const { status, historyLength, historySize } = await client.workflow.getHandle(workflowId).describe();
    if (status.name !== 'RUNNING') return undefined;
    const historyBytes = historySize ?? 0;
    return {
      historyLength,
      historyBytes,
      backlogged: historyLength > limits.maxHistoryLength || historyBytes > limits.maxHistoryBytes,
    };
  } catch {
    // Not started yet; or Temporal is unreachable, and then the signal itself fails with a 503.
    return undefined;
  }
}

async function isBacklogged(client: Client, workflowId: string, limits: BacklogLimits): Promise<boolean> {
  return (await writerBacklog(client, workflowId, limits))?.backlogged ?? false;
}
