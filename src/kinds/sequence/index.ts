import { runSequence, type RunSequenceInput } from '../../../workflows/run-sequence';
import { type JobKind, plannedJob, startRoute } from '../kind';
import { EXTRA_STEPS } from './extra-steps';
import { type NamedStep, type SequenceRequest, sequenceRequestSchema } from './request-schema';
import { resumeAfterFailure } from './resume';

/** Several steps in order, in one job: every kind with a step adapter, plus audit events and waits. */
export function sequenceKind(kinds: readonly JobKind[]): JobKind {
  const steps: NamedStep[] = [...kinds.flatMap((k) => (k.step ? [{ type: k.name, step: k.step }] : [])), ...EXTRA_STEPS];
  const stepOf = (type: string): NamedStep => steps.find((s) => s.type === type)!;
  return {
    name: 'sequence',
    workflow: runSequence,
    attemptActivities: [],
    start: startRoute<SequenceRequest>({
      path: '/v1/sequences',
      summary: 'Run steps of several kinds in order, in one job',
      schema: (deps) => sequenceRequestSchema(steps, deps),
      plan: async (body, deps, ctx) => {
        const jobId = ctx.jobIdFor('sequence');
        const input: RunSequenceInput = {
          steps: await Promise.all(
            body.steps.map(async (s, i) => ({ ...(await stepOf(s.type).step.build(s.input, deps, { taskQueue: ctx.taskQueue, childId: `${jobId}-step${i + 1}` })), ...(s.continueOnError === undefined ? {} : { continueOnError: s.continueOnError }) })),
          ),
        };
        return { jobs: [plannedJob(runSequence, [input], { jobId, summary: { steps: body.steps.map((s) => s.type) }, tags: body.tags })] };
      },
    }),
    retryArgs: resumeAfterFailure,
  };
}
