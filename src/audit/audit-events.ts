import type { AuditEventInput } from '../../activities/audit-log';
import { normaliseTimestamp } from '../../activities/store';
import type { AuditEventRequest } from './audit-event-schema';
import { newAuditEventId } from './audit-recorder';

/** The events to record: a new id where the client gave none, `at` in its stored form (now when absent, and marked so). */
export function toAuditEvents(requests: AuditEventRequest[], now = new Date()): AuditEventInput[] {
  return requests.map(({ id, actor, action, resource, at, detail }) => ({
    id: id ?? newAuditEventId(),
    actor,
    action,
    resource,
    ...(at === undefined ? { at: now.toISOString(), atDefaulted: true } : { at: normaliseTimestamp(at)! }),
    ...(detail === undefined ? {} : { detail }),
  }));
}
