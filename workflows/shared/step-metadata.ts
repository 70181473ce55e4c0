import type { SearchAttributePair } from '@temporalio/common';
import type { SequenceStep } from '../run-sequence';
import { jsonBytes } from './audit-limits';
import { JOB_KIND, SEQUENCE_ID, TASK_TYPE, WEBHOOK_ENDPOINT_ID } from './search-attributes';
import { emailLine, emailSummary, pingLine, taskLine, webhookLine } from './summary-lines';
import { jobMetadata, type WorkflowMetadata } from './workflow-metadata';

/** The steps a child workflow runs. */
export type ChildStep = Exclude<SequenceStep, { type: 'audit' | 'wait' }>;

/** A step's line and redacted summary, as a job of its kind started by the API would have them. */
function described(step: ChildStep): { line: string; summary: object } {
  switch (step.type) {
    case 'email': {
      const summary = emailSummary(step.input.message);
      return { line: emailLine(summary), summary };
    }
    case 'webhook': {
      const summary = { event: step.input.event, endpointId: step.input.endpointId };
      return { line: webhookLine(summary), summary };
    }
    case 'ping':
      return { line: pingLine(step.input), summary: { message: step.input.message } };
    case 'task':
      return {
        line: taskLine(step.input),
        summary: { type: step.input.type, payloadBytes: jsonBytes(step.input.payload) },
      };
  }
}

/** The child workflow of a sequence's step in Temporal's UI: `step 2 · email · 1 recipient · "Welcome"`. */
export function stepMetadata(step: ChildStep, index: number, sequenceId: string): WorkflowMetadata {
  return jobMetadata({
    prefix: `step ${index + 1}`,
    kind: step.type,
    ...described(step),
    origin: { sequence: sequenceId, step: index + 1 },
  });
}

/** A step's memo: its input's redacted summary, where the job view reads it for any job. */
export const stepMemo = (step: ChildStep): { input: object } => ({ input: described(step).summary });

/** A step's search attributes: those of a job of its kind started by the API, and the sequence it runs in. */
export function stepSearchAttributes(step: ChildStep, sequenceId: string): SearchAttributePair[] {
  return [
    { key: JOB_KIND, value: step.type },
    { key: SEQUENCE_ID, value: sequenceId },
    ...(step.type === 'webhook' ? [{ key: WEBHOOK_ENDPOINT_ID, value: step.input.endpointId }] : []),
    ...(step.type === 'task' ? [{ key: TASK_TYPE, value: step.input.type }] : []),
  ];
}
