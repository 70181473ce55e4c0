import { Registry, collectDefaultMetrics } from 'prom-client';
import { createJobMetrics, type JobMetrics } from './job-metrics';

/** What one process serves on GET /metrics: the API's and the worker's metrics share it in role `all`. */
export interface ProcessMetrics {
  registry: Registry;
  jobs: JobMetrics;
}

/** Its own registry (CPU, memory, event loop, and the job metrics), so several in one process (the tests) never clash. */
export function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return { registry, jobs: createJobMetrics(registry) };
}
