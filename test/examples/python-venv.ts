// The virtualenv the Python examples run in (.venv-examples at the repository's root), shared by their tests.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '..', '..');
export const VENV = path.join(ROOT, '.venv-examples');

const read = (file: string): string | undefined => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);

/**
 * The virtualenv's python, as `examples/<example>/install.sh` leaves it for the example's requirements.txt
 * (.ci/run runs it before npm test); made here when it is missing or stale, which needs python3 with venv and PyPI.
 */
export async function examplePython(example: string): Promise<string> {
  const dir = path.join(ROOT, 'examples', example);
  const install = path.join('examples', example, 'install.sh');
  const ready = () => read(path.join(VENV, 'requirements.installed')) === read(path.join(dir, 'requirements.txt'));
  if (!ready()) {
    await promisify(execFile)(path.join(ROOT, install), [VENV], { timeout: 300_000 }).catch(
      (err: Error & { stderr?: string }) => {
        throw new Error(
          `examples/${example} needs ${path.relative(ROOT, VENV)}/ with its requirements: run ${install} (${err.stderr?.trim() || err.message})`,
        );
      },
    );
  }
  return path.join(VENV, 'bin', 'python');
}
