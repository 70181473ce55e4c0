// The webhook_endpoints table as Kysely sees it, and the view of a row the API shows.
import type { Selectable } from 'kysely';
import { activeRetiredSecrets } from '../secrets/secret-rotation';

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  description: string | null;
  /** JSON array of event type names; null: every event. */
  event_types: string | null;
  secret: string;
  /** JSON array of RetiredSecret. */
  retired_secrets: string;
  created_at: string;
  updated_at: string;
  failing_since: string | null;
  disabled_at: string | null;
  disabled_reason: DisabledReason | null;
}

// A type, not an interface: Kysely's withTables wants an index-signature-compatible shape.
export type EndpointSchema = {
  webhook_endpoints: WebhookEndpointsTable;
};

/** gone: it answered 410. failing: it failed for longer than the disable period. manual: someone disabled it. */
export type DisabledReason = 'gone' | 'failing' | 'manual';

/** An endpoint as the API shows it: never a secret. */
export interface EndpointView {
  id: string;
  url: string;
  description: string | null;
  /** The event types it receives; null: every event. */
  eventTypes: string[] | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** Start of the current run of failed attempts; null when the last attempt succeeded. */
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: DisabledReason | null;
  /** Until when a replaced secret still signs deliveries; null when none does. */
  previousSecretExpiresAt: string | null;
}

export type EndpointRow = Selectable<WebhookEndpointsTable>;

export function toEndpointView(row: EndpointRow, now: Date): EndpointView {
  const expiries = activeRetiredSecrets(row, now)
    .map((retired) => retired.expiresAt)
    .sort();
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types === null ? null : (JSON.parse(row.event_types) as string[]),
    enabled: row.disabled_at === null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    failingSince: row.failing_since,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    previousSecretExpiresAt: expiries.at(-1) ?? null,
  };
}
