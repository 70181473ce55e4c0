// Dashboard sessions in the project's own database, so every API process behind a load balancer knows them and a
// restart signs nobody out. The cookie is 256 random bits; only its SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { AuditDatabase } from '..';

interface DashboardSessionsTable {
  id: string;
  key_name: string;
  key_sha256: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

type SessionSchema = { dashboard_sessions: DashboardSessionsTable };

export interface DashboardSession {
  keyName: string;
  /** The signed-in key's SHA-256 as the configuration held it: a key replaced under the same name no longer matches. */
  keySha256: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface NewDashboardSession extends DashboardSession {
  /** The cookie value: shown once, to the browser. */
  token: string;
}

export interface DashboardSessionStore {
  create(key: { name: string; sha256: string }, ttlMs: number): Promise<NewDashboardSession>;
  /** The session a cookie names, unless it has expired (expired rows are removed as they are met). */
  find(token: string): Promise<DashboardSession | undefined>;
  delete(token: string): Promise<void>;
}

const idOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export function createDashboardSessionStore(
  database: AuditDatabase,
  options: { now?: () => Date } = {},
): DashboardSessionStore {
  const db = database.db.withTables<SessionSchema>();
  const clock = options.now ?? (() => new Date());
  return {
    async create(key, ttlMs) {
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(32).toString('base64url');
      const now = clock();
      const expiresAt = new Date(now.getTime() + ttlMs);
      await db
        .insertInto('dashboard_sessions')
        .values({
          id: idOf(token),
          key_name: key.name,
          key_sha256: key.sha256,
          csrf_token: csrfToken,
          created_at: now.toISOString(),
          expires_at: expiresAt.toISOString(),
        })
        .execute();
      // Sign-ins are rare next to page loads: this is where old rows go.
      await db.deleteFrom('dashboard_sessions').where('expires_at', '<=', now.toISOString()).execute();
      return { token, keyName: key.name, keySha256: key.sha256, csrfToken, expiresAt };
    },
    async find(token) {
      const row = await db
        .selectFrom('dashboard_sessions')
        .selectAll()
        .where('id', '=', idOf(token))
        .executeTakeFirst();
      if (!row) return undefined;
      const expiresAt = new Date(row.expires_at);
      if (expiresAt <= clock()) {
        await db.deleteFrom('dashboard_sessions').where('id', '=', row.id).execute();
        return undefined;
      }
      return { keyName: row.key_name, keySha256: row.key_sha256, csrfToken: row.csrf_token, expiresAt };
    },
    async delete(token) {
      await db.deleteFrom('dashboard_sessions').where('id', '=', idOf(token)).execute();
    },
  };
}
