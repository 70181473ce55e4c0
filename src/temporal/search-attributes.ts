import type { Client } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { JOB_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes';

/**
 * Registers the job search attributes on a namespace that lacks them: a cluster's, or the embedded dev server's
 * when its database is from a version with fewer (its flags register them only in a new database). Returns the
 * names it added; Temporal Cloud refuses the operator call, and the caller then tells the operator to add them in
 * the Cloud console.
 */
export async function ensureSearchAttributes(client: Client, namespace: string): Promise<string[]> {
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([
    ...Object.keys(existing.customAttributes ?? {}),
    ...Object.keys(existing.systemAttributes ?? {}),
  ]);
  const missing = JOB_SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  await client.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!]),
    ),
  });
  return missing.map((key) => key.name);
}
