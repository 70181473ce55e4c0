// The audit log's routes.
import {
  auditBatchSchema,
  auditEventSchema,
  auditQuerySchema,
  auditVerifyQuerySchema,
} from '../../audit/audit-event-schema';
import {
  auditAcceptedSchema,
  auditBatchAcceptedSchema,
  auditPageSchema,
  auditVerificationSchema,
} from '../schemas/responses/audit';
import { accepted, conflict, ok, op, type Operation } from './operation';

export const AUDIT_OPERATIONS: Readonly<Record<string, Operation>> = {
  'POST /v1/audit-events': op('recordAuditEvent', ['audit:write'], 'Record an audit event', {
    responses: { ...accepted(auditAcceptedSchema, 'Recorded'), ...conflict('Other content under this event id') },
    body: (d) => auditEventSchema(d.audit),
  }),
  'POST /v1/audit-events/batch': op('recordAuditEvents', ['audit:write'], 'Record up to 1,000 audit events', {
    responses: { ...accepted(auditBatchAcceptedSchema, 'Recorded'), ...conflict('Other content under an event id') },
    body: (d) => auditBatchSchema(d.audit),
  }),
  'GET /v1/audit-events': op('listAuditEvents', ['audit:read'], 'List audit events, newest first', {
    responses: ok(auditPageSchema),
    query: () => auditQuerySchema,
  }),
  'GET /v1/audit-events/verify': op(
    'verifyAuditLog',
    ['audit:read'],
    'Check the hash chain of the audit log, a page at a time, and an anchor kept elsewhere',
    { responses: ok(auditVerificationSchema), query: () => auditVerifyQuerySchema },
  ),
};
