import createClient from 'openapi-fetch';
import type { paths } from './api-types';
import { emailTemplateResources } from './email-templates';
import { emailBatchResources } from './email-batches';
import { endpointResources } from './endpoints';
import { jobResources } from './jobs';
import { DEFAULT_RETRY, type RetryOptions } from './retry-policy';
import { retryingFetch } from './retrying-fetch';
import { scheduleResources } from './schedules';
import { startResources } from './starts';

export interface AfterwardOptions {
  /** Where the API answers, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** An API key with the scopes of the calls made (sent as `Authorization: Bearer`). */
  apiKey: string;
  /** Default: the global fetch (Node ≥ 20, browsers, edge runtimes). */
  fetch?: (input: Request, init?: RequestInit) => Promise<Response>;
  /** Tries of a call answered 429 or 503, or that met a network error when it is safe to send again. */
  retry?: RetryOptions;
  /** How long each try may take. Default 30 000 ms; a long poll of jobs.wait() gets its wait on top. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The Afterward API: jobs started, read and steered, schedules, webhook endpoints and email templates; typed by its OpenAPI document. */
export class Afterward {
  readonly emails;
  readonly emailBatches;
  readonly webhooks;
  readonly tasks;
  readonly audit;
  readonly jobs;
  readonly schedules;
  readonly endpoints;
  readonly emailTemplates;

  constructor({ baseUrl, apiKey, fetch, retry, timeoutMs = DEFAULT_TIMEOUT_MS }: AfterwardOptions) {
    const send = fetch ?? ((input: Request, init?: RequestInit) => globalThis.fetch(input, init));
    const policy = { ...DEFAULT_RETRY, ...retry };
    const transport = (holdMs: number) => retryingFetch(send, policy, timeoutMs + holdMs);
    const api = createClient<paths>({
      baseUrl,
      headers: { authorization: `Bearer ${apiKey}` },
      fetch: transport(0),
    });
    const starts = startResources(api);
    this.emails = starts.emails;
    this.emailBatches = emailBatchResources(api);
    this.webhooks = starts.webhooks;
    this.tasks = starts.tasks;
    this.audit = starts.audit;
    this.jobs = jobResources(api, transport);
    this.schedules = scheduleResources(api);
    this.endpoints = endpointResources(api);
    this.emailTemplates = emailTemplateResources(api);
  }
}
