import { z } from 'zod';
import type { SequenceStep } from '../../../workflows/run-sequence';
import { parseDelay } from '../../jobs/send-time';
import { formatDuration } from '../../schedules/duration-text';
import { delay } from '../start-options';
import type { NamedStep } from './request-schema';

/** Steps that are not kinds of job: a pause between two steps. */
export const EXTRA_STEPS: readonly NamedStep[] = [
  {
    type: 'wait',
    step: {
      input: () => z.strictObject({ delay }),
      build: (input) => ({ type: 'wait', delayMs: parseDelay((input as { delay: string }).delay)! }),
      inputOf: (step) => ({ delay: formatDuration((step as Extract<SequenceStep, { type: 'wait' }>).delayMs) }),
    },
  },
];
