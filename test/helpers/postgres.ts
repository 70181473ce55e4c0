// A throwaway PostgreSQL server for tests: its own data directory, loopback only, fsync on.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const execFileAsync = promisify(execFile);
const READY_DEADLINE_MS = 30_000;

export interface TestPostgres {
  /** postgres:// URL of a database created on this server. */
  url: string;
  /** Stops the server (pg_ctl stop -m fast) and deletes its data directory. */
  stop(): Promise<void>;
  /** Stops the server but keeps its data, to simulate an outage. */
  pause(): Promise<void>;
  /** Starts a paused server again, on the same port. */
  resume(): Promise<void>;
}

/** The server the test runner starts once per run and publishes as AFTERWARD_TEST_DATABASE_URL. */
export function testPostgresUrl(): string {
  const url = process.env.AFTERWARD_TEST_DATABASE_URL;
  if (url === undefined || url === '') {
    throw new Error(
      'AFTERWARD_TEST_DATABASE_URL is not set: run the tests through the test runner (it starts one PostgreSQL per run), ' +
        'or start one with startTestPostgres() from test/helpers/postgres.ts and export its url.',
    );
  }
  return url;
}

/** A fresh, empty database on the server at `serverUrl` (default testPostgresUrl()), so tests never see each other's rows. */
export async function createTestDatabase(serverUrl = testPostgresUrl()): Promise<string> {
  const name = `afterward_test_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = await postgresBinDir();
  const root = mkdtempSync(join(tmpdir(), 'afterward-pg-'));
  const data = join(root, 'data');
  const log = join(root, 'server.log');
  giveToServerUser(root);
  await asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--no-locale',
  ]);
  const port = await freePort();
  const settings = [
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${root}'`,
    'fsync = on',
    'synchronous_commit = on',
  ];
  appendFileSync(join(data, 'postgresql.conf'), `\n${settings.join('\n')}\n`);

  let running = false;
  const pgCtl = (...args: string[]) => asServerUser(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = async () => {
    await pgCtl('start', '-w', '-t', String(READY_DEADLINE_MS / 1000), '-l', log).catch((error: unknown) => {
      throw new Error(`PostgreSQL did not start; end of ${log}:\n${tail(log)}`, { cause: error });
    });
    running = true;
    await waitUntilAccepting(`postgres://postgres@127.0.0.1:${port}/postgres`, log);
  };
  const stopServer = async () => {
    await pgCtl('stop', '-m', 'fast', '-w');
    running = false;
  };
  // A test process that dies without calling stop() must not leave a server behind.
  const stopOnExit = () => {
    if (running) spawnSync(...serverUserCommand(join(bin, 'pg_ctl'), ['-D', data, 'stop', '-m', 'immediate']));
  };
  process.once('exit', stopOnExit);

  await start();
  const url = await createTestDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`);
  return {
    url,
    pause: stopServer,
    resume: start,
    async stop() {
      if (running) await stopServer();
      process.removeListener('exit', stopOnExit);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The directory holding initdb and pg_ctl; installs Debian's postgresql package when there is none. */
async function postgresBinDir(): Promise<string> {
  const found = findBinDir();
  if (found !== undefined) return found;
  console.log('PostgreSQL not found: installing the Debian package (apt-get install -y postgresql)...');
  await inherit('apt-get', ['update']);
  await inherit('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql']);
  const installed = findBinDir();
  if (installed === undefined)
    throw new Error('apt-get installed postgresql, but initdb and pg_ctl are still not found');
  return installed;
}

function findBinDir(): string | undefined {
  const versioned = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => `/usr/lib/postgresql/${version}/bin`)
    : [];
  const candidates = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/local/bin', ...versioned];
  return candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((name) => existsSync(join(dir, name))));
}

function inherit(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

// initdb and postgres refuse to run as root, so as root we run them as the `postgres` system user.
const isRoot = process.getuid?.() === 0;

function serverUserCommand(command: string, args: string[]): [string, string[]] {
  return isRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function asServerUser(command: string, args: string[]): Promise<void> {
  await execFileAsync(...serverUserCommand(command, args));
}

function giveToServerUser(dir: string): void {
  if (!isRoot) return;
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) {
    const created = spawnSync('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    if (created.status !== 0) throw new Error(`could not create the postgres user: ${created.stderr.toString()}`);
  }
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres']).stdout.toString().trim());
  chownSync(dir, id('-u'), id('-g'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitUntilAccepting(url: string, log: string): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  for (;;) {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not accept connections within ${READY_DEADLINE_MS} ms:\n${tail(log)}`, {
          cause: error,
        });
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function tail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-20).join('\n') : '(no log)';
}
