// The production path: `npm run build`, then plain `node <out>/src/main.js` (no tsx), whose worker loads the
// prebuilt workflow bundle (no webpack at start) and runs a real email job into a real SMTP sink.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startAllInOne, stopProcess } from '../helpers/main-process';
import { buildDir, buildInto, fromBuild } from '../helpers/production-build';
import { type SmtpSink, startSmtpSink } from '../helpers/smtp-sink';
import { waitFor } from '../helpers/wait-for';

/** The image's HEALTHCHECK command, run from the build against `api`'s port; resolves with its exit code. */
function healthcheck(outDir: string, api: string): Promise<number | null> {
  const child = spawn(process.execPath, [path.join(outDir, 'src', 'healthcheck.js')], {
    env: { PATH: process.env.PATH, HTTP_PORT: new URL(api).port },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.on('exit', resolve));
}

describe('the production build', () => {
  let outDir: string;
  let buildOutput: string;
  let sink: SmtpSink;
  before(async () => {
    outDir = buildDir('production-build-');
    buildOutput = await buildInto(outDir);
    sink = await startSmtpSink();
  });
  after(async () => {
    await sink?.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('holds the compiled code, the files it reads beside itself, and the workflow bundle', () => {
    assert.ok(fs.existsSync(path.join(outDir, 'src', 'main.js')), buildOutput);
    assert.ok(fs.existsSync(path.join(outDir, 'src', 'temporal', 'cluster', 'dynamic-config.yaml')), buildOutput);
    assert.ok(fs.statSync(path.join(outDir, 'workflows.bundle.js')).size > 0, buildOutput);
  });

  it('runs with plain node, loading the prebuilt workflow bundle, and sends an email', async () => {
    const { run, api, dataDir } = await startAllInOne(
      'afterward-build-',
      // Every level: a webpack bundling would show ('Workflow bundle created', at debug).
      { LOG_LEVEL: 'trace', AUTH_DISABLED: 'true', SMTP_URL: sink.url },
      undefined,
      { nodeArgs: fromBuild(outDir), cleanEnv: true },
    );
    try {
      const cmdline = fs.readFileSync(`/proc/${run.child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      assert.deepEqual(cmdline, [process.execPath, path.join(outDir, 'src', 'main.js')], 'node with no loader');

      const requestId = randomUUID();
      const response = await fetch(`${api}/v1/emails`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: JSON.stringify({ to: ['ada@example.com'], subject: 'From the build', text: 'Hi' }),
      });
      assert.equal(response.status, 202, await response.clone().text());
      const { id } = (await response.json()) as { id: string };
      await waitFor(async () => ((await (await fetch(`${api}/v1/jobs/${id}`)).json()) as any).status === 'succeeded', {
        timeoutMs: 30_000,
        what: `the email job; output so far:\n${run.output()}`,
      });
      const [message] = await sink.waitForMessages(1);
      assert.equal(message!.parsed.subject, 'From the build');

      const lines = run.output().split('\n');
      const loaded = lines.find((l) => l.includes('workflows: loading the bundle prebuilt by npm run build'));
      assert.ok(loaded, run.output());
      assert.equal(JSON.parse(loaded).codePath, path.join(outDir, 'workflows.bundle.js'));
      assert.doesNotMatch(run.output(), /Workflow bundle created|webpack/i, 'no bundling at start');
      // The workflows' request-id interceptor is in the prebuilt bundle: it put the id on the activity's header.
      // The SDK's lines come through its log collector, which holds each about 100 ms to put them in order.
      await waitFor(
        () =>
          run
            .output()
            .split('\n')
            .some((l) => l.includes('"sdkComponent":"activity"') && l.includes(`"requestId":"${requestId}"`)),
        { what: `an activity log line with the request id:\n${run.output()}` },
      );
      assert.equal(await healthcheck(outDir, api), 0, 'healthy while it serves /healthz');
    } finally {
      await stopProcess(run);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    assert.equal(await run.exited, 0, run.output());
    assert.equal(await healthcheck(outDir, api), 1, 'unhealthy once nothing answers');
  });
});
