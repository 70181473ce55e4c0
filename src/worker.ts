import os from 'node:os';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Config } from './config';
import { connectionSecurity } from './temporal/connection';

export const WORKFLOWS_PATH = require.resolve('../workflows');

export interface StartedWorker {
  worker: Worker;
  /** Resolves when the worker has drained and stopped; rejects if it crashed. */
  running: Promise<void>;
  close(): Promise<void>;
}

export function workerIdentity(): string {
  return `${process.pid}@${os.hostname()}`;
}

/** Real dependencies → activities → a worker polling the configured task queue. */
export async function startWorker(config: Config, address: string, extra: Partial<WorkerOptions> = {}): Promise<StartedWorker> {
  const t = config.temporal;
  const connection = await NativeConnection.connect({ address, ...connectionSecurity(t) });
  const identity = workerIdentity();
  const worker = await Worker.create({
    connection,
    namespace: t.namespace,
    taskQueue: t.taskQueue,
    identity,
    workflowsPath: WORKFLOWS_PATH,
    activities: createActivities({ workerIdentity: identity }),
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
    maxCachedWorkflows: config.worker.maxCachedWorkflows,
    // The SDK's default of 0 cancels every in-flight activity at once on shutdown; let them finish.
    shutdownGraceTime: config.worker.shutdownGraceMs,
    ...extra,
  });
  const running = worker.run();
  return {
    worker,
    running,
    close: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
