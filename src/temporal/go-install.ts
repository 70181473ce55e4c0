import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Where Afterward is installed: the directory whose node_modules it runs from, from src/ and from a build in dist/ alike. */
export const PROJECT_ROOT = installRoot(__dirname);
/** Where every Go-built Temporal binary is cached: the `temporal` CLI, the server and its SQL tool. */
export const CACHED_BIN_DIR = path.join(PROJECT_ROOT, '.temporal', 'bin');

type Log = (line: string) => void;

function installRoot(from: string): string {
  for (let dir = from; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return dir;
  }
  return path.resolve(from, '..', '..');
}

export class GoInstallError extends Error {}

/** One `go install` target: the module path with its version, and the name it is cached under. */
export interface GoBinary {
  module: string;
  /** The file name in CACHED_BIN_DIR; `go install` names it after the package's last path element. */
  name: string;
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export const cachedBinary = (name: string): string => path.join(CACHED_BIN_DIR, name);

/**
 * Builds `binaries` with one `go install` into a temporary GOBIN inside the cache, then moves each to its
 * cached name, printing progress while Go runs. Answers the cached paths, in order.
 */
export async function goInstall(what: string, binaries: GoBinary[], log: Log): Promise<string[]> {
  if (spawnSync('go', ['version']).status !== 0) {
    throw new GoInstallError(`Go is not installed, so ${what} cannot be built from source`);
  }
  fs.mkdirSync(CACHED_BIN_DIR, { recursive: true });
  // In the cache directory, so the move below is a rename on one file system.
  const gobin = fs.mkdtempSync(path.join(CACHED_BIN_DIR, '.gobin-'));
  const modules = binaries.map((b) => b.module);
  log(`building ${what}: go install ${modules.join(' ')} (a few minutes on a cold Go cache)`);
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  try {
    const child = spawn('go', ['install', '-v', ...modules], {
      // GOTOOLCHAIN=local: never download another Go toolchain; build with the one installed.
      env: { ...process.env, GOBIN: gobin, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let lastLine = '';
    const onData = (chunk: Buffer): void => {
      const received = chunk.toString().split('\n').filter(Boolean);
      lines += received.length;
      lastLine = received.at(-1) ?? lastLine;
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const ticker = setInterval(
      () => log(`  ... ${seconds()}s, ${lines} lines of go output, last: ${lastLine}`),
      15_000,
    );
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearInterval(ticker);
    const built = binaries.map((b) => path.join(gobin, b.module.split('@')[0]!.split('/').at(-1)!));
    if (code !== 0 || !built.every(isExecutable)) {
      throw new GoInstallError(`go install failed (exit ${code}); last output: ${lastLine}`);
    }
    const cached = binaries.map((b, i) => {
      fs.renameSync(built[i]!, cachedBinary(b.name));
      return cachedBinary(b.name);
    });
    log(`built ${cached.join(', ')} in ${seconds()}s`);
    return cached;
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
}
