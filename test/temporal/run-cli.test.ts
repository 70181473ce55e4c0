// `npm run temporal -- <args>` against the run's dev server: Afterward's address and namespace unless the command
// gives its own, the CLI's output and exit code passed through.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { cliTestEnv } from '../helpers/runbook';
import { connectTestEnv } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';

const ROOT = path.resolve(__dirname, '..', '..');

/** `npm run --silent temporal -- …` with `env` over the test run's; answers its exit code and output. */
async function npmRunTemporal(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'temporal', '--', ...args], {
      cwd: ROOT,
      env: { ...cliTestEnv(), ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run temporal', () => {
  let env: TestWorkflowEnvironment;
  const workflowId = `run-cli-${process.pid}-${Date.now()}`;
  const list = ['workflow', 'list', '--query', `WorkflowId = '${workflowId}'`];

  before(async () => {
    env = await connectTestEnv();
    // No worker polls this queue: the workflow stays open for the CLI to list.
    await env.client.workflow.start('ping', { workflowId, taskQueue: `run-cli-${process.pid}`, args: [{}] });
  });
  after(async () => {
    await env.client.workflow.getHandle(workflowId).terminate();
    await env.teardown();
  });

  it('runs workflow list at TEMPORAL_ADDRESS, exit code 0, its output as the CLI prints it', async () => {
    const run = await npmRunTemporal(list);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`Running\\s+${workflowId}\\s+ping`));
  });

  it("without TEMPORAL_ADDRESS, goes to the embedded dev server's address, 127.0.0.1:$TEMPORAL_DEV_PORT", async () => {
    const port = testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS').split(':').at(-1)!;
    const run = await npmRunTemporal(list, { TEMPORAL_ADDRESS: '', TEMPORAL_DEV_PORT: port });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(workflowId));
  });

  it('takes the address and namespace the command gives over the configured ones, and passes a failure on', async () => {
    const elsewhere = await npmRunTemporal([...list, '--address', '127.0.0.1:1']);
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.stderr, /127\.0\.0\.1:1/);

    const unknownNamespace = await npmRunTemporal(list, { TEMPORAL_NAMESPACE: `nowhere-${process.pid}` });
    assert.equal(unknownNamespace.code, 1);
    assert.match(unknownNamespace.stderr, new RegExp(`nowhere-${process.pid}`));
    const named = await npmRunTemporal([...list, '--namespace', 'default'], {
      TEMPORAL_NAMESPACE: `nowhere-${process.pid}`,
    });
    assert.equal(named.code, 0, named.stderr);
    assert.match(named.stdout, new RegExp(workflowId));

    const missing = await npmRunTemporal(['workflow', 'describe', '--workflow-id', `${workflowId}-missing`]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not found/i);
  });

  it('fails with one line naming a wrong variable of the configuration', async () => {
    const run = await npmRunTemporal(list, { TEMPORAL_DEV_PORT: 'abc' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^\[temporal\] TEMPORAL_DEV_PORT="abc" is invalid/);
  });
});
