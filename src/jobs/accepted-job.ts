import type { Job, JobLinkBuilder } from './job-view';

/** The job as the start endpoints answer it: what is known at acceptance, without another round trip. */
export function acceptedJob(o: {
  id: string;
  kind: string;
  runId: string;
  scheduledFor?: Date;
  input: unknown;
  links: JobLinkBuilder;
  now?: Date;
}): Job {
  const now = o.now ?? new Date();
  return {
    id: o.id,
    kind: o.kind,
    status: o.scheduledFor && o.scheduledFor > now ? 'scheduled' : 'queued',
    createdAt: now.toISOString(),
    scheduledFor: o.scheduledFor?.toISOString() ?? null,
    closedAt: null,
    durationMs: null,
    attempts: 0,
    lastError: null,
    result: null,
    input: o.input,
    retryOf: null,
    previousRuns: [],
    links: { self: o.links.self(o.id), temporalUi: o.links.temporalUi(o.id, o.runId) },
  };
}
