import { runSequence, type RunSequenceInput } from '../../../workflows/run-sequence';
import { sequenceLine } from '../../../workflows/shared/summary-lines';
import { type JobKind, type KindDeps, plannedJob, startRoute } from '../kind';
import { EXTRA_STEPS } from './extra-steps';
import { type NamedStep, type SequenceRequest, sequenceRequestSchema } from './request-schema';
import { resumeAfterFailure } from './resume';

/** Several steps in order, in one job: every kind with a step adapter, plus waits. */
export function sequenceKind(kinds: readonly JobKind[]): JobKind {
  const steps: NamedStep[] = [
    ...kinds.flatMap((k) => (k.step ? [{ type: k.name, step: k.step }] : [])),
    ...EXTRA_STEPS,
  ];
  // In a schedule, each step's input leaves out what each run decides.
  const scheduledSteps: NamedStep[] = steps.map(({ type, step }) => ({
    type,
    step: { ...step, input: step.scheduledInput ?? step.input },
  }));
  const stepOf = (type: string): NamedStep => steps.find((s) => s.type === type)!;
  /** The workflow's steps; with the sequence's job id, each step's ids derive from it, else each run derives them. */
  const built = (body: SequenceRequest, deps: KindDeps, taskQueue: string, jobId?: string): RunSequenceInput => ({
    steps: body.steps.map((s, i) => ({
      ...stepOf(s.type).step.build(s.input, deps, {
        taskQueue,
        ...(jobId ? { childId: `${jobId}-step${i + 1}` } : {}),
      }),
      ...(s.continueOnError === undefined ? {} : { continueOnError: s.continueOnError }),
    })),
  });
  const summary = (body: SequenceRequest) => ({ steps: body.steps.map((s) => s.type) });
  return {
    name: 'sequence',
    workflow: runSequence,
    summaryLine: (s) => sequenceLine(s as { steps: string[] }),
    attemptActivities: [],
    start: startRoute<SequenceRequest>({
      path: '/v1/sequences',
      operationId: 'startSequence',
      summary: 'Run steps of several kinds in order, in one job',
      schema: (deps) => sequenceRequestSchema(steps, deps),
      plan: async (body, deps, ctx) => {
        await Promise.all(body.steps.map((s) => stepOf(s.type).step.check?.(s.input, deps)));
        const jobId = ctx.jobIdFor('sequence');
        return {
          jobs: [
            plannedJob(runSequence, [built(body, deps, ctx.taskQueue, jobId)], {
              jobId,
              summary: summary(body),
              tags: body.tags,
            }),
          ],
        };
      },
    }),
    schedule: {
      input: (deps) => sequenceRequestSchema(scheduledSteps, deps),
      start: (input, deps, taskQueue) => {
        const body = input as SequenceRequest;
        return {
          args: [built(body, deps, taskQueue)],
          summary: summary(body),
          tags: body.tags,
          priority: body.priority,
        };
      },
      inputOf: ([args], tags, priority) => ({
        steps: (args as RunSequenceInput).steps.map(({ continueOnError, ...step }) => ({
          type: step.type,
          input: stepOf(step.type).step.inputOf(step),
          ...(continueOnError === undefined ? {} : { continueOnError }),
        })),
        ...(tags?.length ? { tags } : {}),
        ...(priority ? { priority } : {}),
      }),
    },
    retryArgs: resumeAfterFailure,
  };
}
