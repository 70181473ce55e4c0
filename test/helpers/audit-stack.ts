import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createAuditActivities } from '../../activities/audit-log';
import type { AuditDatabase, AuditStore } from '../../activities/store';
import { auditShard } from '../../src/audit/audit-recorder';
import { type AuditConfig, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { type Store, type StoreOptions, openStore } from '../../src/store/open-store';
import { type TestApi, startTestApi } from './api';
import { createTestDatabase } from './postgres';
import { connectTestEnv, createTestWorker, uniqueTaskQueue } from './temporal';
import { waitFor } from './wait-for';

export const DIALECTS = ['SQLite', 'PostgreSQL'] as const;
export type Dialect = (typeof DIALECTS)[number];

export interface AuditStack {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  store: Store;
  api: TestApi;
  /** Waits until the store holds `count` events in an intact chain. */
  waitForEvents(count: number, timeoutMs?: number): Promise<void>;
  /**
   * Sends one `test.drain` event to every writer and waits until all are recorded: a writer records
   * in the order it was signalled, so everything accepted before is recorded (or refused) by then.
   */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface AuditStackOptions {
  /** The database to use instead of a fresh one: a SQLite file or postgres:// URL. */
  databaseUrl?: string;
  audit?: Partial<AuditConfig>;
}

export interface TestStore extends Store {
  /** Where it lives: a SQLite file or a postgres:// URL. */
  url: string;
}

/** A fresh SQLite file or PostgreSQL database (on the run's server), by default with short lock and connect timeouts. */
export async function openTestStore(
  dialect: Dialect,
  databaseUrl?: string,
  options: StoreOptions = { busyTimeoutMs: 200, connectTimeoutMs: 1000 },
): Promise<TestStore> {
  const dir =
    databaseUrl === undefined && dialect === 'SQLite' ? mkdtempSync(join(tmpdir(), 'afterward-audit-')) : undefined;
  const url = databaseUrl ?? (dir ? join(dir, 'audit.db') : await createTestDatabase());
  const store = await openStore(url, createLogger('silent'), options);
  return {
    ...store,
    url,
    close: async () => {
      await store.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The audit store of a fresh database with the database's default timeouts, closed (and its files removed) after test `t`. */
export async function openAuditStore(
  t: TestContext,
  dialect: Dialect,
): Promise<{ store: AuditStore; database: AuditDatabase; url: string }> {
  const opened = await openTestStore(dialect, undefined, {});
  t.after(() => opened.close());
  return { store: opened.audit, database: opened.database, url: opened.url };
}

/** API → dev server → writer workflow → insertAuditEvents → a real database, on a task queue of its own. */
export async function startAuditStack(
  name: string,
  dialect: Dialect,
  options: AuditStackOptions = {},
): Promise<AuditStack> {
  const env = await connectTestEnv();
  const taskQueue = uniqueTaskQueue(name);
  const store = await openTestStore(dialect, options.databaseUrl);
  const worker = await createTestWorker(env, { taskQueue, activities: createAuditActivities({ store: store.audit }) });
  const running = worker.run();
  const audit = { ...loadConfig({}).audit, ...options.audit };
  const api = await startTestApi(env.client, taskQueue, { store, audit });
  return {
    env,
    taskQueue,
    store,
    api,
    async waitForEvents(count, timeoutMs = 20_000) {
      await waitFor(
        async () => {
          const result = await store.audit.verify();
          return result.intact && result.count >= count;
        },
        { timeoutMs, what: `${count} audit events in the store` },
      );
    },
    async drain() {
      const ids = Array.from({ length: audit.writerShards }, (_, shard) => drainId(shard, audit.writerShards));
      const accepted = await api.request('POST', '/v1/audit-events/batch', {
        events: ids.map((id) => ({ id, actor: 'test', action: 'test.drain', resource: 'test' })),
      });
      if (accepted.status !== 202) throw new Error(`drain events refused: ${JSON.stringify(accepted.body)}`);
      await waitFor(
        async () => {
          const { events } = await store.audit.list({ action: 'test.drain', limit: 1000 });
          return ids.every((id) => events.some((event) => event.id === id));
        },
        { timeoutMs: 20_000, what: 'every writer to record its drain event' },
      );
    },
    async close() {
      await api.close();
      worker.shutdown();
      await running;
      await store.close();
      await env.teardown();
    },
  };
}

function drainId(shard: number, shards: number): string {
  for (let tries = 0; tries < 10_000; tries++) {
    const id = `drain-${randomUUID()}`;
    if (auditShard(id, shards) === shard) return id;
  }
  throw new Error(`no drain id found for shard ${shard}`);
}
