import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { Counter } from 'prom-client';
import type { Config } from '../config';
import { connectClient, connectionSecurity, unreachable } from './connection';
import { payloadCodecs } from './payload-codec';

/** The server setting eager activity execution needs; the embedded dev server is started with it under EAGER_EXECUTION. */
export const EAGER_ACTIVITY_DYNAMIC_CONFIG = { 'system.enableActivityEagerExecution': true } as const;

/** EAGER_EXECUTION takes effect only where the API's client and the worker live in one process: role `all`. */
export function eagerExecutionApplies(config: Pick<Config, 'role' | 'eagerExecution'>): boolean {
  return config.eagerExecution && config.role === 'all';
}

export interface EagerStarts {
  /** `afterward_eager_workflow_starts_total{outcome}`, for GET /metrics. */
  metric: Counter<'outcome'>;
  /** Starts the server handed straight to this process's worker, and starts that went through the task queue instead. */
  counts(): { eager: number; queued: number };
}

/** The Temporal client of the API, and in role `all` with EAGER_EXECUTION the connection it shares with the worker. */
export interface ApiTemporal {
  client: Client;
  /** The client's NativeConnection, for the worker to use (startWorker's `connection`); undefined without eager execution. */
  sharedConnection?: NativeConnection;
  /** Counts the eager start requests; undefined without eager execution. */
  eagerStarts?: EagerStarts;
}

/**
 * Without eager execution: the client's own gRPC connection (connectClient). With it: one NativeConnection
 * for the client and the worker, and every workflow start asks the server to hand its first workflow task
 * straight back to that worker (eager workflow start), skipping the task queue.
 */
export async function connectApiTemporal(config: Config, address: string): Promise<ApiTemporal> {
  const t = config.temporal;
  if (!eagerExecutionApplies(config)) return { client: await connectClient({ ...t, address }) };
  // NativeConnection.connect has no timeout of its own: bound it like connectClient, with the same message.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), t.connectTimeoutMs)),
  );
  const connection = await Promise.race([NativeConnection.connect({ address, ...connectionSecurity(t) }), timeout])
    .catch((err: Error) => {
      throw unreachable(address, t.connectTimeoutMs, err);
    })
    .finally(() => clearTimeout(timer));
  const eagerStarts = countEagerStarts();
  const client = new Client({
    connection,
    namespace: t.namespace,
    dataConverter: payloadCodecs(t.payloadKeys),
    interceptors: { workflow: [requestEagerStart(eagerStarts)] },
  });
  return { client, sharedConnection: connection, eagerStarts };
}

function countEagerStarts(): EagerStarts & { record(eager: boolean): void } {
  const counts = { eager: 0, queued: 0 };
  const metric = new Counter({
    name: 'afterward_eager_workflow_starts_total',
    help: 'Workflow starts that asked for eager start, by outcome: eager (the first workflow task came straight back to this process) or queued (it went through the task queue, e.g. no free slot)',
    labelNames: ['outcome'] as const,
    registers: [],
  });
  for (const outcome of ['eager', 'queued'] as const) metric.inc({ outcome }, 0);
  return {
    metric,
    counts: () => ({ ...counts }),
    record(eager) {
      const outcome = eager ? 'eager' : 'queued';
      counts[outcome]++;
      metric.inc({ outcome });
    },
  };
}

/** Every start through this client (jobs, retries, replays) requests eager start; signal-with-start cannot. */
function requestEagerStart(starts: { record(eager: boolean): void }): WorkflowClientInterceptor {
  return {
    async startWithDetails(input, next) {
      const output = await next({ ...input, options: { ...input.options, requestEagerStart: true } });
      starts.record(output.eagerlyStarted);
      return output;
    },
  };
}
