import type { InvalidAuditQueryError } from '../../activities/store';
import type { FieldError } from '../validation/field-errors';
import { AUDIT_QUERY_PARAMETERS } from './audit-event-schema';

/** The query parameter a store refusal is about, as a field error (for the API's 400 and the dashboard's form). */
export function auditQueryFieldError(err: InvalidAuditQueryError): FieldError {
  // The store's messages start with the parameter they are about ("cursor is not one this server issued").
  return {
    field: AUDIT_QUERY_PARAMETERS.find((name) => err.message.startsWith(`${name} `)) ?? '(query)',
    message: err.message,
    in: 'query',
  };
}
