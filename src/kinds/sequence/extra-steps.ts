import type { AuditConfig } from '../../config';
import { toAuditEvents } from '../../audit/audit-events';
import { auditEventSchema, type AuditEventRequest } from '../../audit/audit-event-schema';
import { parseDelay } from '../../jobs/send-time';
import { z } from 'zod';
import { delay } from '../start-options';
import type { NamedStep } from './request-schema';

/** Steps that are not jobs of their own: an audit event recorded in the sequence, and a pause between steps. */
export const EXTRA_STEPS: readonly NamedStep[] = [
  {
    type: 'audit',
    step: {
      input: (deps: { audit: Pick<AuditConfig, 'maxDetailBytes'> }) => auditEventSchema(deps.audit),
      build: async (input) => ({ type: 'audit', events: toAuditEvents([input as AuditEventRequest]) }),
    },
  },
  {
    type: 'wait',
    step: {
      input: () => z.strictObject({ delay }),
      build: async (input) => ({ type: 'wait', delayMs: parseDelay((input as { delay: string }).delay)! }),
    },
  },
];
