import { z } from 'zod';
import { TASK_TYPE_NAME } from '../../../activities/tasks';
import type { KindDeps } from '../kind';
import { ONE_TIMING_AT_MOST, oneTimingAtMost, refuseTiming, startOptions, waitOptions } from '../start-options';

/** A task of a registered type: its payload is any JSON, up to TASK_MAX_PAYLOAD_BYTES. */
export const taskInput = z.strictObject({
  type: z.string().regex(TASK_TYPE_NAME, 'a task type name is 1-64 letters, digits or . _ -, starting with a letter'),
  payload: z.json().default(null),
  ...startOptions,
});

/** `POST /v1/tasks/:type`: `type` comes from the path. */
export const taskRequestSchema = taskInput.extend(waitOptions).refine(oneTimingAtMost, ONE_TIMING_AT_MOST);
export type TaskRequest = z.output<typeof taskRequestSchema>;

const NOT_HERE = 'is decided by the schedule: leave it out';
/** A schedule's task: what each run calls, its time decided by the schedule. */
export const scheduledTaskSchema = (deps: KindDeps) => payloadWithin(refuseTiming(taskRequestSchema, NOT_HERE), deps);
/** A sequence's task step: it runs when the sequence reaches it. */
export const taskStepSchema = refuseTiming(
  taskRequestSchema,
  'a step runs when the sequence reaches it: no sendAt or delay here (use a wait step)',
);

export const payloadBytes = (payload: unknown): number => Buffer.byteLength(JSON.stringify(payload ?? null));
export const payloadTooLarge = (payload: unknown, deps: KindDeps): string | undefined => {
  const bytes = payloadBytes(payload);
  return bytes > deps.tasks.maxPayloadBytes
    ? `is ${bytes} bytes of JSON, more than ${deps.tasks.maxPayloadBytes} (TASK_MAX_PAYLOAD_BYTES)`
    : undefined;
};

/** Checked whole before anything runs (also from the schedules file): a payload over the limit is a 400. */
function payloadWithin<S extends z.ZodType<{ payload?: unknown }>>(schema: S, deps: KindDeps): S {
  return schema.superRefine((v, ctx) => {
    const problem = payloadTooLarge(v.payload, deps);
    if (problem) ctx.addIssue({ code: 'custom', path: ['payload'], message: problem });
  }) as unknown as S;
}
