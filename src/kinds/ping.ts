import { z } from 'zod';
import { ping } from '../../workflows/ping';
import type { SequenceStep } from '../../workflows/run-sequence';
import { type JobKind, plannedJob, startRoute } from './kind';
import { startOptions } from './start-options';
import { pingLine } from '../../workflows/shared/summary-lines';

const pingInput = z.strictObject({ message: z.string().max(200).default('ping') });
const pingRequest = pingInput.extend(startOptions);

/** A diagnostic job: proves that a request reaches a worker and comes back. */
export const pingKind: JobKind = {
  name: 'ping',
  workflow: ping,
  summaryLine: (s) => pingLine(s as { message: string }),
  attemptActivities: ['pong'],
  start: startRoute({
    path: '/v1/pings',
    operationId: 'startPing',
    summary: 'Start a diagnostic job that proves a worker runs',
    schema: () => pingRequest,
    plan: async (body, _deps, ctx) => ({
      jobs: [
        plannedJob(ping, [{ message: body.message }], { jobId: ctx.jobIdFor('ping'), summary: body, tags: body.tags }),
      ],
    }),
  }),
  schedule: {
    input: () => pingRequest,
    start: (input) => {
      const body = input as z.output<typeof pingRequest>;
      return {
        args: [{ message: body.message }],
        summary: { message: body.message },
        tags: body.tags,
        priority: body.priority,
      };
    },
    inputOf: ([args], tags, priority) => ({
      message: (args as { message: string }).message,
      ...(tags?.length ? { tags } : {}),
      ...(priority ? { priority } : {}),
    }),
  },
  step: {
    input: () => pingInput,
    build: (input, _deps, { childId }) => ({
      type: 'ping',
      childId,
      input: { message: (input as z.output<typeof pingInput>).message },
    }),
    inputOf: (step) => (step as Extract<SequenceStep, { type: 'ping' }>).input,
  },
};
