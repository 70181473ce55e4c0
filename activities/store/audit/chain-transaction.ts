import { type Kysely, sql } from 'kysely';
import type { AuditDatabase } from '../database';
import type { AuditSchema } from '../schema';

// Any constant works as long as nothing else in the database uses it; this is "audi" in ASCII.
const CHAIN_LOCK_ID = 0x61756469;

/**
 * Runs `work` in a transaction that holds the chain lock. Each row stores the previous row's
 * hash, so two appenders reading the same chain head at once would fork the chain: appends
 * must be serialised across every worker, not only inside this process.
 *
 * - PostgreSQL: a transaction-scoped advisory lock, released by commit, rollback or a dropped connection.
 * - SQLite: BEGIN IMMEDIATE takes the write lock up front (waiting up to busy_timeout). A plain BEGIN
 *   would read the head under a snapshot and then fail with SQLITE_BUSY when another process wrote first.
 *
 * Throwing from `work` rolls everything back.
 */
export async function inChainTransaction<T>(
  database: AuditDatabase,
  work: (trx: Kysely<AuditSchema>) => Promise<T>,
): Promise<T> {
  return database.db.connection().execute(async (connection) => {
    // PostgreSQL: begin and the lock in one round trip (a query without parameters may hold several
    // statements), inside the try so a failed lock rolls back; after a failed begin the rollback fails harmlessly.
    const begin =
      database.dialect === 'sqlite' ? 'begin immediate' : `begin; select pg_advisory_xact_lock(${CHAIN_LOCK_ID})`;
    try {
      await sql.raw(begin).execute(connection);
      const result = await work(connection);
      await sql.raw('commit').execute(connection);
      return result;
    } catch (error) {
      // The original error is the one worth reporting; a failed rollback (connection gone) undoes the work anyway.
      await sql
        .raw('rollback')
        .execute(connection)
        .catch(() => undefined);
      throw error;
    }
  });
}
