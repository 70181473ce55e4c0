import type { Client } from '@temporalio/client';

/**
 * The Temporal calls `work` makes through this client (describe, list, query, history…), by method name: the
 * connection's workflow service is wrapped while it runs. Every call the client makes goes through it.
 */
export async function temporalCalls<T>(
  client: Client,
  work: () => Promise<T>,
): Promise<{ calls: string[]; result: T }> {
  const connection = client.connection as { workflowService: object };
  const service = connection.workflowService;
  const calls: string[] = [];
  connection.workflowService = new Proxy(service, {
    get(target, name) {
      const value = Reflect.get(target, name, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(name));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  try {
    return { calls, result: await work() };
  } finally {
    connection.workflowService = service;
  }
}
