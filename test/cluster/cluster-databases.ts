// A test cluster's two databases (history and visibility) on the suite's PostgreSQL, made and migrated by
// temporal-sql-tool from the schemas in the server module, as an operator sets up a cluster.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { clusterSettings } from '../../src/temporal/cluster/settings';

const execFileAsync = promisify(execFile);

export interface ClusterDatabases {
  host: string;
  port: number;
  user: string;
  password: string;
  main: string;
  visibility: string;
}

/** Fresh, uniquely named databases on the server at `serverUrl`, so clusters in parallel test files never meet. */
export async function createClusterDatabases(
  sqlTool: string,
  moduleDir: string,
  serverUrl: string,
): Promise<ClusterDatabases> {
  const url = new URL(serverUrl);
  const suffix = randomBytes(4).toString('hex');
  const databases: ClusterDatabases = {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    main: `${clusterSettings.databases.main}_${suffix}`,
    visibility: `${clusterSettings.databases.visibility}_${suffix}`,
  };
  const schemas = path.join(moduleDir, clusterSettings.schemaDir);
  const migrate = async (database: string, schema: 'temporal' | 'visibility') => {
    const tool = (...command: string[]) =>
      execFileAsync(sqlTool, [...connectionFlags(databases), '--db', database, ...command], {
        // In the environment, not in argv, which every local user can read.
        env: { ...process.env, SQL_PASSWORD: databases.password },
      }).catch((err) => {
        throw new Error(`temporal-sql-tool ${command.join(' ')} on ${database} failed: ${err.stderr || err.message}`);
      });
    await tool('create-database', '--defaultdb', 'postgres');
    await tool('setup-schema', '-v', '0.0');
    await tool('update-schema', '-d', path.join(schemas, schema, 'versioned'));
  };
  await Promise.all([migrate(databases.main, 'temporal'), migrate(databases.visibility, 'visibility')]);
  return databases;
}

/** Drops both databases, closing whatever connections are left (a killed server's, say). */
export async function dropClusterDatabases(serverUrl: string, databases: ClusterDatabases): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const name of [databases.main, databases.visibility]) {
      await client.query(`drop database if exists ${name} with (force)`);
    }
  } finally {
    await client.end();
  }
}

/** temporal-sql-tool's global flags for these databases' server; the password goes in SQL_PASSWORD. */
function connectionFlags(databases: ClusterDatabases): string[] {
  const { host, port, user } = databases;
  return ['--plugin', clusterSettings.sqlPlugin, '--ep', host, '-p', String(port), '-u', user];
}
