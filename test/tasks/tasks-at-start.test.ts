import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { freePort } from '../helpers/free-port';
import { startMain } from '../helpers/main-process';
import { testEnv } from '../helpers/test-env';
import { waitFor } from '../helpers/wait-for';

const ORIGIN = 'http://127.0.0.1:8000';

/** Role api against the run's dev server, on a data dir of its own; answers its output once it is running, then stops it. */
async function startApiOnce(dataDir: string, file: string): Promise<{ output: string; taskTypes: any[] }> {
  const port = await freePort();
  const run = await startMain({
    AFTERWARD_ROLE: 'api',
    AUTH_DISABLED: 'true',
    AFTERWARD_DATA_DIR: dataDir,
    HTTP_PORT: String(port),
    TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
    TASK_ALLOWED_ORIGINS: ORIGIN,
    TASK_TYPES_FILE: file,
  });
  try {
    await waitFor(() => run.output().includes('Afterward is running'), {
      timeoutMs: 30_000,
      what: `the start; output so far:\n${run.output()}`,
    });
    const { taskTypes } = (await (await fetch(`http://127.0.0.1:${port}/v1/task-types`)).json()) as {
      taskTypes: any[];
    };
    return { output: run.output(), taskTypes };
  } finally {
    run.child.kill('SIGINT');
    assert.equal(await run.exited, 0, run.output());
  }
}

describe('task types and the signing secret at start', () => {
  it('applies the task types file, makes the signing secret and prints it once, outside the log', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-tasks-start-'));
    const file = path.join(dataDir, 'task-types.yaml');
    fs.writeFileSync(
      file,
      stringify({ taskTypes: [{ name: 'resize', url: `${ORIGIN}/tasks/resize`, concurrency: 2 }] }),
    );

    const first = await startApiOnce(dataDir, file);
    assert.deepEqual(
      first.taskTypes.map((type) => [type.name, type.concurrency]),
      [['resize', 2]],
    );
    assert.match(first.output, /"created":\["resize"\].*"msg":"applied the task types file"/);
    const secrets = [...first.output.matchAll(/^ {2}export TASK_SIGNING_SECRET=(whsec_[A-Za-z0-9+/]+=*)$/gm)].map(
      (m) => m[1],
    );
    assert.equal(secrets.length, 1, `the secret is printed once:\n${first.output}`);
    const logLines = first.output.split('\n').filter((line) => line.startsWith('{'));
    assert.ok(
      logLines.some((line) => /"level":40,.*made the secret that signs task calls/.test(line)),
      'a warning in the log says so',
    );
    assert.ok(!logLines.some((line) => line.includes(secrets[0]!)), 'the secret is in no log line');

    const second = await startApiOnce(dataDir, file);
    assert.match(second.output, /"unchanged":\["resize"\].*"msg":"applied the task types file"/);
    assert.doesNotMatch(second.output, /whsec_/, 'not shown again');
  });
});
