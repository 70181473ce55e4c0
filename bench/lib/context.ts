// What every phase gets: the bench process's own Temporal client, the Afterward process under test
// and its HTTP API, the SMTP sink, and the results of the phases before it.
import type { Client } from '@temporalio/client';
import { Pool } from 'undici';
import type { AfterwardChild } from './afterward-child';
import type { BenchSmtpSink } from './smtp-sink';

export interface Row {
  measure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  /** Whether the target was met; undefined where there is no target. */
  met?: boolean;
}

export interface PhaseResult {
  rows: Row[];
  /** The raw figures, for bench/results/<date>.json. */
  data: Record<string, unknown>;
  notes?: string[];
}

export interface Phase {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<PhaseResult>;
}

export interface AfterwardSettings {
  eager?: boolean;
  /** Extra environment for the Afterward process (e.g. WORKER_MAX_CACHED_WORKFLOWS). */
  env?: Record<string, string>;
}

export interface BenchContext {
  client: Client;
  /** host:port of the run's dev server. */
  temporalAddress: string;
  taskQueue: string;
  /** The run's temp directory: the dev server's database, the Afterward process's data (AFTERWARD_DATA_DIR). */
  dataDir: string;
  sink: BenchSmtpSink;
  afterward: AfterwardChild;
  api: ApiClient;
  /** The bearer key `api` sends (every scope), for a phase that signs in to the dashboard with it. */
  apiKey: string;
  /** Stops the Afterward process and starts a fresh one with these settings. */
  restartAfterward(settings: AfterwardSettings): Promise<void>;
  results: Record<string, PhaseResult>;
  log(line: string): void;
}

/** What the start endpoints answer (202 with the job); the phases need only its id. */
export interface AcceptedJob {
  id: string;
  status: string;
}

export interface ApiClient {
  /** POSTs JSON; throws on a status of 400 or more. The answer is typed by the caller (default: a job). */
  post<T = AcceptedJob>(path: string, body: unknown): Promise<{ status: number; body: T }>;
  /** GETs JSON; throws on a status of 400 or more. */
  get<T>(path: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** Keep-alive HTTP connections to the API (undici), enough for every concurrent caller, sending `apiKey` as a bearer token. */
export function createApiClient(baseUrl: string, apiKey: string, connections = 64): ApiClient {
  const pool = new Pool(baseUrl, { connections, pipelining: 1 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
  return {
    async post<T>(path: string, body: unknown) {
      const response = await pool.request({ path, method: 'POST', headers, body: JSON.stringify(body) });
      const text = await response.body.text();
      if (response.statusCode >= 400) throw new Error(`POST ${path}: ${response.statusCode} ${text.slice(0, 200)}`);
      return { status: response.statusCode, body: JSON.parse(text) as T };
    },
    async get<T>(path: string) {
      const response = await pool.request({ path, method: 'GET', headers });
      const text = await response.body.text();
      if (response.statusCode >= 400) throw new Error(`GET ${path}: ${response.statusCode} ${text.slice(0, 200)}`);
      return { status: response.statusCode, body: JSON.parse(text) as T };
    },
    close: async () => {
      if (!pool.closed) await pool.close();
    },
  };
}

/** The email every phase sends: small, one recipient, plain text. */
export const BENCH_EMAIL = Object.freeze({
  to: ['bench@example.com'],
  subject: 'Benchmark',
  text: 'Hello from npm run bench.',
});

export const ratio = (ours: number, baseline: number): string => (baseline > 0 ? (ours / baseline).toFixed(3) : 'n/a');
export const ms = (value: number): string => `${value.toFixed(1)} ms`;
/** A difference in ms, with its sign: "+3.2 ms", "−1.0 ms". */
export const addedMs = (value: number): string => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(1)} ms`;
