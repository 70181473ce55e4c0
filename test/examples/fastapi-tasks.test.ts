// examples/fastapi-tasks, run as the README says (uvicorn in the virtualenv of its requirements.txt),
// against the real Afterward process.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describeTaskExample } from '../helpers/task-example';
import { examplePython } from './python-venv';

const EXAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'fastapi-tasks');

describeTaskExample('the FastAPI task app example', async (env) =>
  spawn(
    await examplePython('fastapi-tasks'),
    ['-m', 'uvicorn', 'main:app', '--host', '127.0.0.1', '--port', env.PORT!],
    {
      cwd: EXAMPLE,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ),
);
