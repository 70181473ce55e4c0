// The test runner behind `npm test`: starts the servers the suites share (one Temporal dev server on
// free ports, never 7233), runs every *.test.ts with node:test, then stops what it started.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTemporalCli } from '../src/temporal/cli-binary';
import { startDevServer } from '../src/temporal/dev-server';
import { freePort } from './helpers/free-port';
import { startTestPostgres } from './helpers/postgres';

const log = (line: string): void => console.log(`[test/run] ${line}`);

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function main(): Promise<number> {
  const cli = await resolveTemporalCli(log, process.env.TEMPORAL_CLI_PATH || undefined);
  if (!cli) throw new Error('no temporal CLI: the integration tests need a real Temporal dev server');
  const [port, uiPort] = [await freePort(), await freePort()];
  const server = await startDevServer({ binary: cli, port, uiPort, namespace: 'default', log });
  log('starting PostgreSQL on loopback (installs Debian\'s postgresql when missing)');
  const postgres = await startTestPostgres().catch(async (err: Error) => {
    await server.stop();
    throw err;
  });
  const files = process.argv.length > 2 ? process.argv.slice(2) : testFiles(path.join(__dirname));
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
      stdio: 'inherit',
      env: {
        ...process.env,
        AFTERWARD_TEST_TEMPORAL_ADDRESS: server.address,
        AFTERWARD_TEST_TEMPORAL_UI: server.uiUrl,
        AFTERWARD_TEST_TEMPORAL_CLI: cli,
        AFTERWARD_TEST_DATABASE_URL: postgres.url,
        AFTERWARD_TEST_OUTPUT: path.resolve('test-output'),
        TMPDIR: os.tmpdir(),
      },
    });
    return await new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  } finally {
    await Promise.all([server.stop(), postgres.stop()]);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`[test/run] ${err.message}`);
    process.exit(1);
  },
);
