import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { createApp, type AppDeps } from '../../src/http/app';
import { createJobLinks } from '../../src/jobs/job-links';
import { createLogger } from '../../src/logger';
import { openStore } from '../../src/store/open-store';
import { checkReadiness } from '../../src/temporal/readiness';

export interface TestApi {
  url: string;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/** The real Koa app on a loopback port, talking to the run's dev server; by default with its own SQLite store. */
export async function startTestApi(client: Client, taskQueue: string, overrides: Partial<AppDeps> = {}): Promise<TestApi> {
  const links = createJobLinks({ publicUrl: 'http://api.test', temporalUiUrl: 'http://ui.test', namespace: 'default' });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const ownStore = overrides.store ? undefined : await openStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-api-')), 'store.db'), logger);
  const app = createApp({
    client,
    taskQueue,
    links,
    logger,
    readiness: () => checkReadiness(client, taskQueue, 1500),
    email: loadConfig({}).email,
    audit: loadConfig({}).audit,
    webhooks: loadConfig({}).webhooks,
    store: ownStore!,
    ...overrides,
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async request(method, path, body, headers = {}) {
      const response = await fetch(url + path, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ownStore?.close();
    },
  };
}
