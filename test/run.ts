// The test runner behind `npm test` and `npm run test:unit`. Two tiers, told apart by file name:
//   *.unit.test.ts  needs no server: run with none started and none reachable (the AFTERWARD_TEST_*
//                   variables unset, so a unit file that reaches for the dev server or PostgreSQL fails
//                   at once, naming the variable), and with a per-test timeout, so it cannot hang.
//   *.test.ts       integration: one Temporal dev server on free ports (never 7233), one PostgreSQL,
//                   and the time-skipping test server's launcher, shared by the suites.
// `tsx test/run.ts` runs both tiers, unit first; `--unit` only the unit tier; file arguments only those
// files, each in its tier (the servers start only when an integration file is among them).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveTemporalCli } from '../src/temporal/cli-binary';
import { startDevServer } from '../src/temporal/dev-server';
import { freePort } from './helpers/free-port';
import { startTestPostgres } from './helpers/postgres';
import { ensureTestServer } from './helpers/test-server';

const log = (line: string): void => console.log(`[test/run] ${line}`);
const UNIT_SUFFIX = '.unit.test.ts';
// Per-test timeouts far above any test's own time, reached only by a test that waits for something that never
// comes: it fails, naming itself, instead of hanging the run. A unit file's first run on a fresh clone compiles and
// bundles the workflows on a loaded machine (over 20 s seen in CI), hence the margin.
const UNIT_TEST_TIMEOUT_MS = 120_000;
const INTEGRATION_TEST_TIMEOUT_MS = 180_000;

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * A profile file with nothing in it, for the tests' Afterward processes and `temporal` CLI: without it they would
 * read the developer's own (`temporal config set`, ~/.config/temporalio/temporal.toml) and could reach their cluster.
 */
function blankTemporalProfiles(): string {
  const file = path.resolve('test-output', 'temporal.toml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '[profile.default]\n');
  return file;
}

/** One node:test run over `files`, `concurrency` files at a time; resolves with its exit code. */
function nodeTest(
  files: string[],
  env: NodeJS.ProcessEnv,
  o: { concurrency: number; testTimeoutMs: number },
): Promise<number> {
  const flags = [`--test-concurrency=${o.concurrency}`, `--test-timeout=${o.testTimeoutMs}`, '--test-reporter=spec'];
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...flags, ...files], {
    stdio: 'inherit',
    env: {
      ...env,
      AFTERWARD_TEST_OUTPUT: path.resolve('test-output'),
      TMPDIR: os.tmpdir(),
      TEMPORAL_CONFIG_FILE: blankTemporalProfiles(),
    },
  });
  return new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

async function runUnit(files: string[]): Promise<number> {
  log(`unit tier: ${files.length} files, no server`);
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AFTERWARD_TEST_')));
  // Four at a time on two cores: unit files spend much of their time waiting on sockets and timers.
  return nodeTest(files, env, { concurrency: 4, testTimeoutMs: UNIT_TEST_TIMEOUT_MS });
}

async function runIntegration(files: string[]): Promise<number> {
  log(`integration tier: ${files.length} files`);
  const cli = await resolveTemporalCli(log, process.env.TEMPORAL_CLI_PATH || undefined);
  if (!cli) throw new Error('no temporal CLI: the integration tests need a real Temporal dev server');
  const timeSkipping = await ensureTestServer(log);
  const [port, uiPort] = [await freePort(), await freePort()];
  const server = await startDevServer({ binary: cli, port, uiPort, namespace: 'default', log });
  log("starting PostgreSQL on loopback (installs Debian's postgresql when missing)");
  const postgres = await startTestPostgres().catch(async (err: Error) => {
    await server.stop();
    throw err;
  });
  try {
    return await nodeTest(
      files,
      {
        ...process.env,
        AFTERWARD_TEST_TEMPORAL_ADDRESS: server.address,
        AFTERWARD_TEST_TEMPORAL_UI: server.uiUrl,
        AFTERWARD_TEST_TEMPORAL_CLI: cli,
        AFTERWARD_TEST_DATABASE_URL: postgres.url,
        AFTERWARD_TEST_TIME_SKIPPING_SERVER: timeSkipping,
      },
      { concurrency: 2, testTimeoutMs: INTEGRATION_TEST_TIMEOUT_MS },
    );
  } finally {
    await Promise.all([server.stop(), postgres.stop()]);
  }
}

async function main(args: string[]): Promise<number> {
  const unitOnly = args.includes('--unit');
  const named = args.filter((arg) => arg !== '--unit');
  const files = named.length > 0 ? named : testFiles(__dirname);
  const unit = files.filter((file) => file.endsWith(UNIT_SUFFIX));
  const integration = unitOnly ? [] : files.filter((file) => !file.endsWith(UNIT_SUFFIX));
  const started = Date.now();
  const results: string[] = [];
  let failed = false;
  for (const [tier, tierFiles, run] of [
    ['unit', unit, runUnit],
    ['integration', integration, runIntegration],
  ] as const) {
    if (tierFiles.length === 0) continue;
    const tierStarted = Date.now();
    const code = await run(tierFiles);
    failed ||= code !== 0;
    results.push(
      `${tier} ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${Math.round((Date.now() - tierStarted) / 1000)} s`,
    );
  }
  if (results.length === 0)
    throw new Error(`no test files to run${unitOnly ? ` (the unit tier is *${UNIT_SUFFIX})` : ''}`);
  log(`${results.join('; ')}; ${Math.round((Date.now() - started) / 1000)} s in all`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`[test/run] ${err.message}`);
    process.exit(1);
  },
);
