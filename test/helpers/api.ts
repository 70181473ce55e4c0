import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type Router from '@koa/router';
import type Koa from 'koa';
import { loadConfig } from '../../src/config';
import { createApp, type AppDeps } from '../../src/http/app';
import { createJobLinks } from '../../src/jobs/job-links';
import { createLogger } from '../../src/logger';
import { hashApiKey, newApiKey } from '../../src/security/api-keys';
import { openStore } from '../../src/store/open-store';
import { checkReadiness } from '../../src/temporal/readiness';

export interface TestApi {
  url: string;
  /** The key request() sends by default: every scope. Undefined when the test passed its own `auth`. */
  key?: string;
  /** A second key, named `reader`, with `jobs:read` alone (with `key`; undefined when the test passed its own `auth`). */
  readerKey?: string;
  /** The Koa app, e.g. to walk its routers. */
  app: Koa;
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/** The real Koa app on a loopback port, talking to the run's dev server; by default with its own SQLite store. */
export async function startTestApi(
  client: Client,
  taskQueue: string,
  overrides: Partial<AppDeps> = {},
  listen: { port?: number; key?: string } = {},
): Promise<TestApi> {
  const links = createJobLinks({ publicUrl: 'http://api.test', temporalUiUrl: 'http://ui.test', namespace: 'default' });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const ownStore = overrides.store
    ? undefined
    : await openStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-api-')), 'store.db'), logger);
  // Auth stays on in every test: request() sends a key with every scope, unless the test brings its own auth.
  const key = overrides.auth ? undefined : (listen.key ?? newApiKey());
  const readerKey = key && newApiKey();
  const auth = {
    disabled: false,
    keys:
      key && readerKey
        ? [
            { name: 'test', scopes: ['*' as const], sha256: hashApiKey(key) },
            { name: 'reader', scopes: ['jobs:read' as const], sha256: hashApiKey(readerKey) },
          ]
        : [],
    rateLimit: { perSecond: 100_000, burst: 100_000 },
  };
  const app = createApp({
    client,
    taskQueue,
    links,
    logger,
    readiness: () => checkReadiness(client, taskQueue, 1500),
    email: loadConfig({}).email,
    audit: loadConfig({}).audit,
    webhooks: loadConfig({}).webhooks,
    tasks: loadConfig({}).tasks,
    store: ownStore!,
    auth,
    ...overrides,
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(listen.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    key,
    readerKey,
    app,
    async request(method, path, body, headers = {}) {
      const withKey = key ? { authorization: `Bearer ${key}`, ...headers } : headers;
      const response = await fetch(url + path, {
        method,
        headers: body === undefined ? withKey : { 'content-type': 'application/json', ...withKey },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      const json = /json/.test(response.headers.get('content-type') ?? '');
      return {
        status: response.status,
        headers: response.headers,
        body: text ? (json ? JSON.parse(text) : text) : undefined,
      };
    },
    close: async () => {
      // A browser still on a live page (the overview, the jobs table) would hold its event stream open for minutes.
      await new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections());
      await ownStore?.close();
    },
  };
}

/** The routers mounted on an app, in order (each `router.routes()` middleware carries its router). */
export function routersOf(app: Koa): Router[] {
  return app.middleware.flatMap((middleware) => (middleware as unknown as { router?: Router }).router ?? []);
}
