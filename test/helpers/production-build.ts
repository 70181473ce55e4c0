// The production build (`npm run build`) into a directory of the caller's, and Afterward in role `all` started
// by whichever command: from the sources under tsx (`npm start`) or from a build with plain node (`npm run start:prod`).
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { captured, type RunningProcess } from './main-process';
import { waitFor } from './wait-for';

const ROOT = path.resolve(__dirname, '..', '..');

/** Node's arguments for Afterward run from the sources, as `npm start` runs it. */
export const FROM_SOURCES = ['--import', 'tsx', path.join(ROOT, 'src', 'main.ts')];

/** Node's arguments for Afterward run from a build in `outDir`, as `npm run start:prod` runs it (outDir dist). */
export const fromBuild = (outDir: string): string[] => [path.join(outDir, 'src', 'main.js')];

/**
 * A directory for a build of the caller's own, inside the project (under test-output/), so that the build's code
 * finds the project's node_modules as dist/ does.
 */
export function buildDir(prefix: string): string {
  const parent = path.join(ROOT, 'test-output');
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, prefix));
}

/** `npm run build -- --out-dir <outDir>`; resolves with its output, rejects with it when the build fails. */
export async function buildInto(outDir: string): Promise<string> {
  const { stdout, stderr } = await promisify(execFile)('npm', ['run', 'build', '--', '--out-dir', outDir], {
    cwd: ROOT,
    maxBuffer: 16 * 2 ** 20,
  });
  return stdout + stderr;
}

export interface AllInOne {
  run: RunningProcess;
  api: string;
  dataDir: string;
}

/**
 * Role `all` with its embedded dev server (the `temporal` binary `cli`), on free ports and a fresh data dir, started
 * as `node <nodeArgs>` with only `env` and PATH and HOME: nothing of the caller's (NODE_OPTIONS, …) reaches it.
 * Resolves once /readyz answers 200.
 */
export async function startAllInOneWith(
  nodeArgs: string[],
  { cli, env = {}, timeoutMs = 60_000 }: { cli: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<AllInOne> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-all-'));
  const httpPort = await freePort();
  const run = captured(
    spawn(process.execPath, nodeArgs, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: os.tmpdir(),
        AFTERWARD_DATA_DIR: dataDir,
        HTTP_PORT: String(httpPort),
        TEMPORAL_DEV_PORT: String(await freePort()),
        TEMPORAL_DEV_UI_PORT: String(await freePort()),
        TEMPORAL_CLI_PATH: cli,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const api = `http://127.0.0.1:${httpPort}`;
  try {
    await waitFor(async () => (await fetch(`${api}/readyz`).catch(() => undefined))?.status === 200, {
      timeoutMs,
      intervalMs: 25,
      what: `/readyz of node ${nodeArgs.join(' ')}; output so far:\n${run.output()}`,
    });
  } catch (err) {
    run.child.kill('SIGINT');
    throw err;
  }
  return { run, api, dataDir };
}
