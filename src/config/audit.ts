import path from 'node:path';
import { MAX_AUDIT_PAYLOAD_BYTES, MAX_AUDIT_PAYLOAD_EVENTS } from '../../workflows/shared/audit-limits';
import type { Env } from './read-env';
import { optionalString, positiveInt } from './values';

// A batch becomes one Temporal payload: the limits cannot be configured past what fits in one.
export const auditVariables = {
  DATABASE_URL: optionalString
    .meta({ shownDefault: '`$AFTERWARD_DATA_DIR/afterward.db`' })
    .describe(
      "Afterward's own database (audit log, webhook endpoints, task types): `postgres://…` for PostgreSQL, or a SQLite file path",
    ),
  AUDIT_MAX_DETAIL_BYTES: positiveInt
    .max(256 * 1024)
    .default(16 * 1024)
    .describe('largest `detail` of an audit event, as canonical JSON (at most 262144)'),
  AUDIT_MAX_BATCH_EVENTS: positiveInt
    .max(MAX_AUDIT_PAYLOAD_EVENTS)
    .default(MAX_AUDIT_PAYLOAD_EVENTS)
    .describe(`most events in one \`POST /v1/audit-events/batch\` (at most ${MAX_AUDIT_PAYLOAD_EVENTS})`),
  AUDIT_MAX_BATCH_BYTES: positiveInt
    .max(MAX_AUDIT_PAYLOAD_BYTES)
    .default(MAX_AUDIT_PAYLOAD_BYTES)
    .describe('largest batch, as the JSON of its events with ids and times (at most 1 MiB: one Temporal payload)'),
  AUDIT_WRITER_SHARDS: positiveInt
    .max(64)
    .default(4)
    .describe(
      'writer workflows the audit events are spread over, by a hash of their id; changing it is safe (the store dedups ids)',
    ),
};

export const readAudit = (e: Env<typeof auditVariables>, dataDir: string) => ({
  databaseUrl: e.DATABASE_URL ?? path.join(dataDir, 'afterward.db'),
  audit: {
    maxDetailBytes: e.AUDIT_MAX_DETAIL_BYTES,
    maxBatchEvents: e.AUDIT_MAX_BATCH_EVENTS,
    maxBatchBytes: e.AUDIT_MAX_BATCH_BYTES,
    writerShards: e.AUDIT_WRITER_SHARDS,
  },
});
