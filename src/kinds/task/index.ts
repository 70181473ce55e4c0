import { runTask, type RunTaskInput, type RunTaskResult } from '../../../workflows/run-task';
import type { SequenceStep } from '../../../workflows/run-sequence';
import { TASK_ATTEMPT_FAILED } from '../../../workflows/shared/failure-types';
import { taskLine } from '../../../workflows/shared/summary-lines';
import { TASK_TYPE } from '../../../workflows/shared/search-attributes';
import { ownAttemptsOf } from '../../jobs/own-attempts';
import { sendTime } from '../../jobs/send-time';
import { type JobKind, type KindDeps, plannedJob, startRoute } from '../kind';
import { StartNotFoundError, StartTooLargeError } from '../start-errors';
import { waitControls } from '../wait-controls';
import {
  payloadBytes,
  payloadTooLarge,
  scheduledTaskSchema,
  type TaskRequest,
  taskRequestSchema,
  taskStepSchema,
} from './request-schema';

/**
 * The user's own work: Afterward calls the endpoint of a registered task type in the app, with the type's
 * retries and timeout; the app answers at once, or answers 202 and completes the task later through the API.
 */
export const taskKind: JobKind = {
  name: 'task',
  workflow: runTask,
  summaryLine: (s) => taskLine(s as { type: string }),
  attemptActivities: ['callTask'],
  start: startRoute<TaskRequest>({
    path: '/v1/tasks/:type',
    operationId: 'enqueueTask',
    summary: 'Enqueue a task of a registered task type',
    scopes: ['tasks:write', 'jobs:write'],
    schema: () => taskRequestSchema,
    plan: async (body, deps, ctx) => {
      await checkTask(body, deps);
      const jobId = ctx.jobIdFor('task');
      const scheduledFor = sendTime(body);
      const input: RunTaskInput = {
        type: body.type,
        payload: body.payload,
        occurredAt: new Date().toISOString(),
        ...(scheduledFor ? { sendAt: scheduledFor.toISOString() } : {}),
      };
      return {
        jobs: [
          plannedJob(runTask, [input], {
            jobId,
            // The memo is shown in listings: the payload may hold personal data, its size does not.
            summary: summary(body),
            scheduledFor,
            tags: body.tags,
            searchAttributes: [{ key: TASK_TYPE, value: body.type }],
          }),
        ],
      };
    },
  }),
  controls: waitControls,
  ownAttempts: ownAttemptsOf(TASK_ATTEMPT_FAILED),
  reportsPhase: true,
  // A body over 64 KiB is cut: the result says so rather than pass for the whole answer.
  resultOf: (raw) => {
    const { result, resultTruncated } = raw as RunTaskResult;
    return resultTruncated ? { truncated: true, text: result } : result;
  },
  schedule: {
    input: scheduledTaskSchema,
    start: (input) => {
      const body = input as TaskRequest;
      return {
        args: [{ type: body.type, payload: body.payload }],
        summary: summary(body),
        tags: body.tags,
        priority: body.priority,
      };
    },
    inputOf: ([args], tags, priority) => {
      const { type, payload } = args as RunTaskInput;
      return { type, payload, ...(tags?.length ? { tags } : {}), ...(priority ? { priority } : {}) };
    },
  },
  step: {
    input: () => taskStepSchema,
    scheduledInput: scheduledTaskSchema,
    check: (input, deps) => checkTask(input as TaskRequest, deps),
    build: (input, _deps, { childId }) => {
      const body = input as TaskRequest;
      return { type: 'task', childId, input: { type: body.type, payload: body.payload } };
    },
    inputOf: (step) => {
      const { type, payload } = (step as Extract<SequenceStep, { type: 'task' }>).input;
      return { type, payload };
    },
  },
};

const summary = (body: TaskRequest) => ({ type: body.type, payloadBytes: payloadBytes(body.payload) });

/** What the API refuses before starting anything: an unknown type (404), a payload over the limit (413). */
async function checkTask(body: TaskRequest, deps: KindDeps): Promise<void> {
  const tooLarge = payloadTooLarge(body.payload, deps);
  if (tooLarge) throw new StartTooLargeError('payload', tooLarge);
  if (!(await deps.store!.taskTypes.get(body.type)))
    throw new StartNotFoundError(`no task type named ${body.type}: register it with POST /v1/task-types`);
}
