// One activity-only Worker per task type, on the type's own queue: Temporal applies a rate limit per task
// queue (ratePerSecond, across every worker polling it) and a Worker its slots (concurrency, per worker).
// Types are registered at run time, so the set is kept in step with the store: at every refresh, and at
// once when a job of this worker meets a type (the settings local activity tells it).
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { type TaskType, taskTypeQueue } from '../../activities/tasks';
import type { Logger } from '../logger';

export interface TypeWorkerOptions {
  connection: NativeConnection;
  taskQueue: string;
  /** What every type's Worker shares: namespace, identity, data converter, interceptors, the callTask activity. */
  base: Omit<
    WorkerOptions,
    'connection' | 'taskQueue' | 'maxConcurrentActivityTaskExecutions' | 'maxTaskQueueActivitiesPerSecond'
  >;
  /** Slots of a type that sets no concurrency. */
  defaultConcurrency: number;
  logger?: Logger;
}

interface Running {
  limits: string;
  worker: Worker;
  run: Promise<void>;
}

export interface TypeWorkers {
  /** Polls the type's queue with its current limits (a Worker replaced when they changed). */
  ensure(type: TaskType): Promise<void>;
  /** Every type of the store, as ensure does; a type deleted keeps its Worker until the process stops (jobs may be queued on it). */
  refresh(types: readonly TaskType[]): Promise<void>;
  /** The queues polled now, with their limits (for tests and logs). */
  polled(): Record<string, string>;
  /** Rejects when one of the Workers crashes. */
  readonly crashed: Promise<never>;
  close(): Promise<void>;
}

const limitsOf = (t: TaskType): string => JSON.stringify([t.ratePerSecond ?? null, t.concurrency ?? null]);

export function createTypeWorkers(o: TypeWorkerOptions): TypeWorkers {
  const running = new Map<string, Running>();
  // One change per type at a time: two jobs meeting a new type must not start two Workers.
  const pending = new Map<string, Promise<void>>();
  let closed = false;
  let crash: (err: unknown) => void = () => undefined;
  const crashed = new Promise<never>((_, reject) => (crash = reject));
  crashed.catch(() => undefined);

  async function replace(type: TaskType): Promise<void> {
    const current = running.get(type.name);
    if (closed || current?.limits === limitsOf(type)) return;
    // The SDK allows one Worker per queue in a process: the old one drains its calls in flight first, and the
    // queue waits meanwhile (async attempts are on the server, not in a Worker, and are not disturbed).
    if (current) {
      current.worker.shutdown();
      await current.run.catch(() => undefined);
      running.delete(type.name);
    }
    const worker = await Worker.create({
      ...o.base,
      connection: o.connection,
      taskQueue: taskTypeQueue(o.taskQueue, type.name),
      maxConcurrentActivityTaskExecutions: type.concurrency ?? o.defaultConcurrency,
      // Enforced by the server across every worker on the queue; a poll without it drops an earlier one.
      maxTaskQueueActivitiesPerSecond: type.ratePerSecond,
    });
    const run = worker.run();
    run.catch((err) => (closed ? undefined : crash(err)));
    running.set(type.name, { limits: limitsOf(type), worker, run });
    o.logger?.info(
      { taskType: type.name, ratePerSecond: type.ratePerSecond, concurrency: type.concurrency },
      current ? 'task type limits changed: its worker restarted' : 'polling the queue of task type',
    );
  }

  const ensure = (type: TaskType): Promise<void> => {
    const before = pending.get(type.name) ?? Promise.resolve();
    const next = before.then(() => replace(type));
    pending.set(
      type.name,
      next.catch(() => undefined),
    );
    return next;
  };

  return {
    ensure,
    refresh: async (types) => void (await Promise.all(types.map(ensure))),
    polled: () => Object.fromEntries([...running].map(([name, r]) => [taskTypeQueue(o.taskQueue, name), r.limits])),
    crashed,
    close: async () => {
      closed = true;
      await Promise.all(pending.values());
      for (const { worker } of running.values()) if (worker.getState() === 'RUNNING') worker.shutdown();
      await Promise.allSettled([...running.values()].map((r) => r.run));
    },
  };
}
