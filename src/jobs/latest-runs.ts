import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { quote } from './job-query';

/** Ids per visibility query, so that no query grows long. */
const IDS_PER_QUERY = 100;

/**
 * The latest run of each of these workflow ids, from visibility: the one that started last (the runs
 * of one id never overlap; a retry starts once the run before it has closed). A run started a moment
 * ago may not be in visibility yet: until it is, the run before it counts as the latest.
 */
export async function latestRuns(client: Client, ids: Iterable<string>): Promise<Map<string, WorkflowExecutionInfo>> {
  const unique = [...new Set(ids)];
  const chunks = Array.from({ length: Math.ceil(unique.length / IDS_PER_QUERY) }, (_, i) =>
    unique.slice(i * IDS_PER_QUERY, (i + 1) * IDS_PER_QUERY),
  );
  const latest = new Map<string, WorkflowExecutionInfo>();
  await Promise.all(
    chunks.map(async (chunk) => {
      for await (const run of client.workflow.list({ query: `WorkflowId IN (${chunk.map(quote).join(', ')})` })) {
        const known = latest.get(run.workflowId);
        if (!known || run.startTime > known.startTime) latest.set(run.workflowId, run);
      }
    }),
  );
  return latest;
}
