import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** v1.5.1 is the newest CLI tag whose go.mod has no `replace`, so a plain `go install` can build it. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
/** Where Afterward is installed: the directory whose node_modules it runs from, from src/ and from a build in dist/ alike. */
export const PROJECT_ROOT = installRoot(__dirname);
export const CACHED_CLI_DIR = path.join(PROJECT_ROOT, '.temporal', 'bin');

type Log = (line: string) => void;

function installRoot(from: string): string {
  for (let dir = from; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return dir;
  }
  return path.resolve(from, '..', '..');
}

export class TemporalCliNotFoundError extends Error {}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** Finds an existing `temporal` binary without building anything: explicit path, project cache, PATH. */
export function findTemporalCli(explicitPath?: string): string | undefined {
  if (explicitPath) {
    if (!isExecutable(explicitPath))
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH=${explicitPath} is not an executable file`);
    return explicitPath;
  }
  const cached = path.join(CACHED_CLI_DIR, 'temporal');
  if (isExecutable(cached)) return cached;
  return findOnPath('temporal');
}

/** Builds the CLI with `go install` into the project cache, printing progress while it runs. */
export async function buildTemporalCli(log: Log): Promise<string> {
  if (spawnSync('go', ['version']).status !== 0) {
    throw new TemporalCliNotFoundError('Go is not installed, so the temporal CLI cannot be built from source');
  }
  fs.mkdirSync(CACHED_CLI_DIR, { recursive: true });
  log(`building the temporal CLI: go install ${TEMPORAL_CLI_MODULE} (a few minutes on a cold Go cache)`);
  const started = Date.now();
  const child = spawn('go', ['install', '-v', TEMPORAL_CLI_MODULE], {
    // GOTOOLCHAIN=local: never download another Go toolchain; build with the one installed.
    env: { ...process.env, GOBIN: CACHED_CLI_DIR, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let packages = 0;
  let lastLine = '';
  const onData = (chunk: Buffer): void => {
    const lines = chunk.toString().split('\n').filter(Boolean);
    packages += lines.length;
    lastLine = lines.at(-1) ?? lastLine;
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const ticker = setInterval(() => {
    log(`  ... ${Math.round((Date.now() - started) / 1000)}s, ${packages} lines of go output, last: ${lastLine}`);
  }, 15_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(ticker);
  const built = path.join(CACHED_CLI_DIR, 'temporal');
  if (code !== 0 || !isExecutable(built)) {
    throw new TemporalCliNotFoundError(`go install failed (exit ${code}); last output: ${lastLine}`);
  }
  log(`built ${built} in ${Math.round((Date.now() - started) / 1000)}s`);
  return built;
}

/**
 * Resolves the `temporal` binary in the documented order: TEMPORAL_CLI_PATH, the project cache
 * (.temporal/bin), PATH, then a Go build. Returns undefined when none works, so the caller can
 * fall back to the TypeScript SDK's own download.
 */
export async function resolveTemporalCli(log: Log, explicitPath?: string): Promise<string | undefined> {
  const found = findTemporalCli(explicitPath);
  if (found) return found;
  try {
    return await buildTemporalCli(log);
  } catch (err) {
    log(`could not build the temporal CLI: ${(err as Error).message}`);
    return undefined;
  }
}
