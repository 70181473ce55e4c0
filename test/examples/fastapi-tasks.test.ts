// examples/fastapi-tasks, run as the README says (uvicorn in the virtualenv of its requirements.txt),
// against the real Afterward process.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeTaskExample } from '../helpers/task-example';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLE = path.join(ROOT, 'examples', 'fastapi-tasks');
const VENV = path.join(ROOT, '.venv-examples');
const INSTALL = 'examples/fastapi-tasks/install.sh';

const read = (file: string): string | undefined => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);

/**
 * The virtualenv as install.sh leaves it for the current requirements.txt (.ci/run runs it before npm test);
 * made here when it is missing or stale, which needs python3 with venv and PyPI.
 */
async function python(): Promise<string> {
  const ready = () => read(path.join(VENV, 'requirements.installed')) === read(path.join(EXAMPLE, 'requirements.txt'));
  if (!ready()) {
    await promisify(execFile)(path.join(ROOT, INSTALL), [VENV], { timeout: 300_000 }).catch(
      (err: Error & { stderr?: string }) => {
        throw new Error(
          `the FastAPI example needs ${path.relative(ROOT, VENV)}/ with its requirements: run ${INSTALL} (${err.stderr?.trim() || err.message})`,
        );
      },
    );
  }
  return path.join(VENV, 'bin', 'python');
}

describeTaskExample('the FastAPI task app example', async (env) =>
  spawn(await python(), ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', env.PORT!], {
    cwd: EXAMPLE,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }),
);
