import { z } from 'zod';
import type { KindDeps, StepAdapter } from '../kind';
import { refuseNotify, startOptions } from '../start-options';

/** A step type of a sequence: a kind's step adapter under its name (email, webhook, ping, audit), or wait. */
export interface NamedStep {
  type: string;
  step: StepAdapter;
}

/** POST /v1/sequences (and a schedule's sequence): each step's `input` is exactly what that kind's own endpoint accepts. */
export function sequenceRequestSchema(steps: readonly NamedStep[], deps: KindDeps) {
  const continueOnError = z.boolean().optional();
  const [first, ...rest] = steps.map(({ type, step }) =>
    z.strictObject({ type: z.literal(type), continueOnError, input: refuseNotify(step.input(deps)) }),
  );
  return z.strictObject({
    steps: z
      .array(z.discriminatedUnion('type', [first!, ...rest]))
      .min(1, 'needs at least one step')
      .max(20, 'at most 20 steps'),
    ...startOptions,
  });
}

export interface SequenceRequest {
  steps: { type: string; input: unknown; continueOnError?: boolean }[];
  tags?: string[];
  priority?: number;
  notify?: { endpointId: string };
}
