import type { z } from 'zod';
import type { SendEmailWorkflowInput } from '../../workflows/send-email';
import type { EmailConfig } from '../config';
import { emailRequestSchema } from '../http/schemas/email';
import { emailJob } from '../jobs/email-job';

/** A kind of job a schedule can start: its endpoint's input schema and how one run starts. */
export interface ScheduledJobKind {
  workflowType: string;
  /** Validates `job.input`: exactly what the kind's endpoint accepts, less what the schedule decides. */
  input: z.ZodType;
  /**
   * One run on `taskQueue`: the workflow arguments, the summary its job shows, and its tags. The
   * arguments carry the kind's activity task queue while the kind has a rate limit, as a job the
   * kind's endpoint starts would.
   */
  start(input: unknown, taskQueue: string): { args: unknown[]; summary: unknown; tags?: string[] };
  /** `job.input` back from a schedule's arguments and tags (GET shows it, PATCH merges into it). */
  inputOf(args: unknown[], tags: string[] | undefined): unknown;
}

export type ScheduledJobKinds = Readonly<Record<string, ScheduledJobKind>>;

function kind<S extends z.ZodType>(k: { workflowType: string; input: S; start(input: z.output<S>, taskQueue: string): ReturnType<ScheduledJobKind['start']>; inputOf: ScheduledJobKind['inputOf'] }): ScheduledJobKind {
  return { ...k, start: (input, taskQueue) => k.start(input as z.output<S>, taskQueue) };
}

const DECIDED_BY_SCHEDULE = 'is decided by the schedule: leave it out';

/**
 * Every kind a schedule can start. Adding one (webhook, audit) is an entry here: the schema its
 * endpoint validates with, and the mapping its endpoint uses to start the workflow.
 */
export function scheduledJobKinds(deps: { email: EmailConfig }): ScheduledJobKinds {
  return {
    email: kind({
      workflowType: 'sendEmail',
      input: emailRequestSchema(deps.email).superRefine((v, ctx) => {
        for (const field of ['sendAt', 'delay'] as const) {
          if (v[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: DECIDED_BY_SCHEDULE });
        }
      }),
      start: (input, taskQueue) => {
        const job = emailJob(input, deps.email, { taskQueue });
        return { args: [job.input], summary: job.summary, tags: job.tags };
      },
      inputOf: ([args], tags) => ({ ...(args as SendEmailWorkflowInput).message, ...(tags?.length ? { tags } : {}) }),
    }),
  };
}
