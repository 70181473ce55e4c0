// The production build (`npm run build`) into a directory of the caller's, and how node runs Afterward from it
// (`npm run start:prod`); startAllInOne in main-process.ts starts it with `nodeArgs: fromBuild(dir)`.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');

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
