import type { z } from 'zod';
import { recordAuditEvent, type RecordAuditEventInput } from '../../workflows/record-audit-event';
import type { AuditStepEvent, SequenceStep } from '../../workflows/run-sequence';
import { type AuditEventRequest, auditEventSchema } from '../audit/audit-event-schema';
import { toAuditEvents } from '../audit/audit-events';
import { auditLine } from '../../workflows/shared/summary-lines';
import type { JobKind } from './kind';
import { refuseFields, startOptions } from './start-options';

/** An event for runs that share one input: each run gives it its id and time, so that each records its own. */
const eachRunDecides = <S extends z.ZodType<{ id?: unknown; at?: unknown }>>(schema: S): S =>
  refuseFields(schema, ['id', 'at'], 'is decided by each run (its job id, its due time): leave it out');

type AuditStep = Extract<SequenceStep, { type: 'audit' }>;

/**
 * An audit event as a job of its own: each run of an audit schedule records one. A sequence's audit step
 * records its event in the sequence; the events of POST /v1/audit-events are no jobs: the audit writers
 * record them, so the kind has no start route.
 */
export const auditKind: JobKind = {
  name: 'audit',
  workflow: recordAuditEvent,
  summaryLine: (s) => auditLine(s as { action: string; resource: string }),
  attemptActivities: ['insertAuditEvents'],
  schedule: {
    input: (deps) => eachRunDecides(auditEventSchema(deps.audit).extend(startOptions)),
    start: (input) => {
      const {
        id: _id,
        at: _at,
        tags,
        priority,
        ...event
      } = input as AuditEventRequest & { tags?: string[]; priority?: number };
      const args: [RecordAuditEventInput] = [event];
      return { args, summary: { action: event.action, resource: event.resource }, tags, priority };
    },
    inputOf: ([event], tags, priority) => ({
      ...(event as RecordAuditEventInput),
      ...(tags?.length ? { tags } : {}),
      ...(priority ? { priority } : {}),
    }),
  },
  step: {
    input: (deps) => auditEventSchema(deps.audit),
    scheduledInput: (deps) => eachRunDecides(auditEventSchema(deps.audit)),
    // Accepted now (a child id): the event's id, when it has none, and its time are fixed now.
    build: (input, _deps, { childId }) => ({
      type: 'audit',
      events: childId ? toAuditEvents([input as AuditEventRequest]) : [input as AuditStepEvent],
    }),
    inputOf: (step) => (step as AuditStep).events[0],
  },
};
