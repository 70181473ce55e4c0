// Webhook endpoints in the project's own database (the audit log's SQLite or PostgreSQL).
// Secrets are read here and by the delivery activity only: never by workflows, never shown twice.
// With a keyring they are stored encrypted (secret-encryption.ts) and decrypted only for a delivery.
import { sql } from 'kysely';
import { newUlid } from '../../ids';
import type { AuditDatabase } from '..';
import type { AttemptOutcome, WebhookEndpoint } from '../../webhooks/attempt-record';
import { type EndpointRow, type EndpointSchema, type EndpointView, toEndpointView } from './endpoint-row';
import { type Keyring, sealSecret } from '../secrets/secret-encryption';
import { openSigningSecrets, resealStored, retireCurrent } from '../secrets/secret-rotation';
import { generateSecret } from '../../webhooks/signature';

export interface NewEndpoint {
  url: string;
  /** `whsec_…`; generated when absent. */
  secret?: string;
  /** Event types to receive; absent: every event. */
  eventTypes?: string[];
  description?: string;
}

export interface EndpointChanges {
  url?: string;
  description?: string | null;
  eventTypes?: string[] | null;
  /** true clears a disabling (and the failure run); false disables by hand. */
  enabled?: boolean;
}

export interface OutcomeReport {
  outcome: AttemptOutcome;
  /** When the attempt started (ISO 8601 UTC). */
  at: string;
  /** Failing without a success for this long disables the endpoint. */
  disableAfterMs: number;
}

/** The endpoint and its signing secret: the only answers that carry a secret. */
export interface EndpointWithSecret {
  endpoint: EndpointView;
  secret: string;
}

export interface EndpointStore {
  create(input: NewEndpoint): Promise<EndpointWithSecret>;
  /** Every endpoint, oldest first. */
  list(): Promise<EndpointView[]>;
  get(id: string): Promise<EndpointView | undefined>;
  update(id: string, changes: EndpointChanges): Promise<EndpointView | undefined>;
  remove(id: string): Promise<boolean>;
  /** Replaces the secret; the old one keeps signing for `graceMs`, so receivers can switch over. */
  rotateSecret(id: string, options: { secret?: string; graceMs: number }): Promise<EndpointWithSecret | undefined>;
  /** Enabled endpoints that receive `event`. */
  subscribedTo(event: string): Promise<EndpointView[]>;
  /** What one delivery attempt needs: the URL and every secret that signs now. Throws SecretUnreadableError. */
  loadForDelivery(id: string): Promise<WebhookEndpoint | undefined>;
  /**
   * Tracks the endpoint's health after an attempt: a success ends a failure run, a failure starts
   * one, a 410 or a run longer than `disableAfterMs` disables it. Idempotent; a disabled endpoint
   * is left as it is.
   */
  recordOutcome(id: string, report: OutcomeReport): Promise<EndpointView | undefined>;
  /**
   * With a keyring: encrypts every stored secret that is plain text or under an older key with the
   * current key (and drops expired retired secrets of the rows it rewrites). Secrets no key decrypts
   * are left as they are and reported. Safe to run from several processes at once.
   */
  resealSecrets(): Promise<ResealReport>;
}

export interface ResealReport {
  /** Endpoints whose row was rewritten. */
  resealed: string[];
  /** Secrets still signing that could not be decrypted: deliveries to these endpoints fail. */
  unreadable: { endpointId: string; keyId: string }[];
}

export interface EndpointStoreOptions {
  now?: () => Date;
  /** Encrypts secrets at rest (PAYLOAD_KEYS); absent: stored as plain text, encrypted ones cannot be read. */
  keyring?: Keyring;
}

const MAX_ROTATION_TRIES = 5;

export function createEndpointStore(database: AuditDatabase, options: EndpointStoreOptions = {}): EndpointStore {
  const db = database.db.withTables<EndpointSchema>();
  const clock = options.now ?? (() => new Date());
  const { keyring } = options;
  const view = (row: EndpointRow | undefined) => (row === undefined ? undefined : toEndpointView(row, clock()));
  const row = (id: string) => db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  const eventTypes = (types: string[] | null | undefined) =>
    types === undefined ? undefined : types === null ? null : JSON.stringify(types);
  const update = () => db.updateTable('webhook_endpoints');

  return {
    async create(input) {
      const now = clock().toISOString();
      const secret = input.secret ?? generateSecret();
      const id = `ep_${newUlid().toLowerCase()}`;
      const created = await db
        .insertInto('webhook_endpoints')
        .values({
          id,
          url: input.url,
          description: input.description ?? null,
          event_types: eventTypes(input.eventTypes) ?? null,
          secret: sealSecret(keyring, id, secret),
          retired_secrets: '[]',
          created_at: now,
          updated_at: now,
          failing_since: null,
          disabled_at: null,
          disabled_reason: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { endpoint: toEndpointView(created, clock()), secret };
    },

    list: async () =>
      (await db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute()).map((r) =>
        toEndpointView(r, clock()),
      ),

    get: async (id) => view(await row(id)),

    async update(id, changes) {
      const now = clock().toISOString();
      const enabling =
        changes.enabled === true ? { disabled_at: null, disabled_reason: null, failing_since: null } : {};
      const disabling =
        changes.enabled === false
          ? {
              disabled_at: sql<string>`coalesce(disabled_at, ${now})`,
              disabled_reason: sql<'manual'>`coalesce(disabled_reason, 'manual')`,
            }
          : {};
      const updated = await update()
        .set({
          url: changes.url,
          description: changes.description,
          event_types: eventTypes(changes.eventTypes),
          updated_at: now,
          ...enabling,
          ...disabling,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return view(updated);
    },

    async remove(id) {
      const deleted = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
      return deleted.numDeletedRows > 0n;
    },

    async rotateSecret(id, { secret = generateSecret(), graceMs }) {
      // Compare-and-set on the current secret: two rotations at once never lose a retired secret.
      for (let tries = 0; tries < MAX_ROTATION_TRIES; tries++) {
        const current = await row(id);
        if (current === undefined) return undefined;
        const now = clock();
        const rotated = await update()
          .set({
            secret: sealSecret(keyring, id, secret),
            retired_secrets: retireCurrent(keyring, id, current, now, graceMs),
            updated_at: now.toISOString(),
          })
          .where('id', '=', id)
          .where('secret', '=', current.secret)
          .returningAll()
          .executeTakeFirst();
        if (rotated !== undefined) return { endpoint: toEndpointView(rotated, clock()), secret };
      }
      throw new Error(`Webhook endpoint ${id}: the secret changed ${MAX_ROTATION_TRIES} times during one rotation`);
    },

    async subscribedTo(event) {
      const rows = await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('disabled_at', 'is', null)
        .orderBy('id')
        .execute();
      return rows
        .map((r) => toEndpointView(r, clock()))
        .filter((endpoint) => endpoint.eventTypes === null || endpoint.eventTypes.includes(event));
    },

    async loadForDelivery(id) {
      const found = await row(id);
      if (found === undefined) return undefined;
      return {
        url: found.url,
        secrets: openSigningSecrets(keyring, id, found, clock()),
        enabled: found.disabled_at === null,
      };
    },

    async recordOutcome(id, { outcome, at, disableAfterMs }) {
      const enabled = update().where('id', '=', id).where('disabled_at', 'is', null);
      if (outcome === 'delivered') {
        // An older success reported late does not end a failure run that began after it.
        await enabled.set({ failing_since: null }).where('failing_since', '<=', at).execute();
      } else {
        await enabled.set({ failing_since: at }).where('failing_since', 'is', null).execute();
        const disable = enabled.set({ disabled_at: at, disabled_reason: outcome === 'gone' ? 'gone' : 'failing' });
        if (outcome === 'gone') await disable.execute();
        else
          await disable.where('failing_since', '<=', new Date(Date.parse(at) - disableAfterMs).toISOString()).execute();
      }
      return view(await row(id));
    },

    async resealSecrets() {
      const report: ResealReport = { resealed: [], unreadable: [] };
      if (!keyring) return report;
      const rows = await db
        .selectFrom('webhook_endpoints')
        .select(['id', 'secret', 'retired_secrets'])
        .orderBy('id')
        .execute();
      for (const found of rows) {
        const { stored, unreadable } = resealStored(keyring, found.id, found, clock());
        report.unreadable.push(...unreadable.map((keyId) => ({ endpointId: found.id, keyId })));
        if (stored.secret === found.secret && stored.retired_secrets === found.retired_secrets) continue;
        // Compare-and-set: a rotation or another process's reseal in between wins, and is left alone.
        const rewritten = await update()
          .set(stored)
          .where('id', '=', found.id)
          .where('secret', '=', found.secret)
          .where('retired_secrets', '=', found.retired_secrets)
          .executeTakeFirst();
        if (rewritten.numUpdatedRows > 0n) report.resealed.push(found.id);
      }
      return report;
    },
  };
}
