// examples/koa-tasks, run as the README says (tsx), against the real Afterward process.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describeTaskExample } from '../helpers/task-example';

const ROOT = path.resolve(__dirname, '..', '..');

describeTaskExample('the Koa task app example', async (env) =>
  spawn(process.execPath, ['--import', 'tsx', path.join('examples', 'koa-tasks', 'server.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }),
);
