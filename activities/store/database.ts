import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  type SqliteDatabase as KyselySqliteDatabase,
  type SqliteStatement,
} from 'kysely';
import { Pool, types } from 'pg';
import { RecentlyUsed } from './audit/recently-used';
import type { AuditSchema } from './schema';

export type AuditDialect = 'sqlite' | 'postgres';

export interface AuditDatabase {
  readonly db: Kysely<AuditSchema>;
  readonly dialect: AuditDialect;
}

export interface AuditDatabaseOptions {
  /**
   * SQLite: how long to wait for another process's write lock before failing with SQLITE_BUSY.
   * better-sqlite3 is synchronous, so the wait blocks the event loop. Default 5000 ms.
   */
  busyTimeoutMs?: number;
  /** PostgreSQL: how long to wait for a new connection (pg's own default is forever). Default 5000 ms. */
  connectTimeoutMs?: number;
  /** PostgreSQL: pool size. Default 10. */
  maxConnections?: number;
  /** PostgreSQL: called when an idle pooled connection dies (server restart, network). Default: ignored. */
  onIdleConnectionError?: (error: Error) => void;
}

/**
 * Opens the audit database named by `url`: `postgres://` or `postgresql://` for PostgreSQL;
 * a file path or `sqlite:<path>` (also `sqlite://<path>`, `sqlite::memory:`) for SQLite.
 */
export function openAuditDatabase(url: string, options: AuditDatabaseOptions = {}): AuditDatabase {
  if (/^postgres(?:ql)?:\/\//i.test(url))
    return { db: new Kysely<AuditSchema>({ dialect: postgresDialect(url, options) }), dialect: 'postgres' };
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(url) && !/^sqlite:/i.test(url)) {
    throw new Error(
      `Unsupported audit database URL scheme in ${url.split('://')[0]}://...: use postgres:// or a SQLite path`,
    );
  }
  return { db: new Kysely<AuditSchema>({ dialect: sqliteDialect(sqlitePath(url), options) }), dialect: 'sqlite' };
}

/** The SQLite database file a URL names; undefined for PostgreSQL and in-memory databases. */
export function sqliteFilePath(url: string): string | undefined {
  if (/^postgres(?:ql)?:\/\//i.test(url)) return undefined;
  const file = sqlitePath(url);
  return file === ':memory:' ? undefined : file;
}

function sqlitePath(url: string): string {
  if (!/^sqlite:/i.test(url)) return url;
  const rest = url.slice('sqlite:'.length);
  return rest.startsWith('//') ? rest.slice(2) : rest;
}

function sqliteDialect(path: string, options: AuditDatabaseOptions): SqliteDialect {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  database.pragma('journal_mode = WAL');
  // FULL syncs the WAL on every commit: an acknowledged audit event survives a power cut.
  database.pragma('synchronous = FULL');
  database.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  database.pragma('foreign_keys = ON');
  return new SqliteDialect({ database: reusingStatements(database) });
}

function postgresDialect(url: string, options: AuditDatabaseOptions): PostgresDialect {
  const pool = new Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    statement_timeout: 30_000,
    // A worker that stalls inside a transaction must not hold the chain lock for ever.
    idle_in_transaction_session_timeout: 60_000,
    // bigint (seq, count(*)) as a number, like SQLite returns it; audit sequences stay far below 2^53.
    types: {
      getTypeParser: (oid, format) => (oid === types.builtins.INT8 ? Number : types.getTypeParser(oid, format)),
    },
  });
  // Without a listener, an idle connection dying (e.g. the server restarting) would crash the process;
  // the next query opens a fresh connection and reports any real outage to its caller.
  pool.on('error', (error) => options.onIdleConnectionError?.(error));
  return new PostgresDialect({ pool });
}

// Enough for the statements the stores run over and over; a prepared 200-row insert holds ~140 KiB.
const CACHED_STATEMENTS = 64;

/**
 * Kysely prepares every query it runs, and SQLite takes longer to compile a small statement than to
 * run it. This keeps the most recently used statements by their SQL text (values are bound on each
 * run). Kysely runs one statement at a time on its one connection, so sharing them is safe.
 */
function reusingStatements(database: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new RecentlyUsed<SqliteStatement>(CACHED_STATEMENTS);
  return { close: () => database.close(), prepare: (sql) => statements.get(sql, () => database.prepare(sql)) };
}
