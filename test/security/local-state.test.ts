import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../helpers/free-port';
import { startAllInOne } from '../helpers/main-process';
import { descendantProcesses, processArgv } from '../helpers/processes';
import { waitFor } from '../helpers/wait-for';

/** Every path under `dir` (itself included) that group or others can read, write or enter, with its mode. */
function openToOthers(dir: string): string[] {
  const paths = [dir, ...fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((p) => path.join(dir, p))];
  return paths
    .filter((p) => fs.lstatSync(p).mode & 0o077)
    .map((p) => `${path.relative(dir, p) || '.'} ${(fs.lstatSync(p).mode & 0o777).toString(8)}`);
}

describe('local state and secrets of a running Afterward (role all, embedded dev server)', () => {
  const codecKey = `aft_${randomBytes(32).toString('base64url')}`;
  const payloadKey = randomBytes(32).toString('base64');
  let started: Awaited<ReturnType<typeof startAllInOne>>;
  let codecEndpoint: string;

  before(async () => {
    // A data directory left readable by others, as earlier versions and a loose umask made it.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-modes-'));
    fs.chmodSync(dataDir, 0o755);
    fs.mkdirSync(path.join(dataDir, 'outbox'));
    fs.writeFileSync(path.join(dataDir, 'outbox', 'earlier.eml'), 'Subject: before\r\n\r\nhi\r\n');
    // Whatever this process's umask, the modes an earlier run left.
    fs.chmodSync(path.join(dataDir, 'outbox'), 0o755);
    fs.chmodSync(path.join(dataDir, 'outbox', 'earlier.eml'), 0o644);
    const httpPort = await freePort();
    codecEndpoint = `http://127.0.0.1:${httpPort}/codec/${codecKey}`;
    started = await startAllInOne(
      'unused-',
      {
        AUTH_DISABLED: 'true',
        HTTP_PORT: String(httpPort),
        UI_CODEC_ENDPOINT: codecEndpoint,
        PAYLOAD_KEYS: `k1:${payloadKey}`,
      },
      dataDir,
    );
  });

  after(async () => {
    started?.run.child.kill('SIGINT');
    await started?.run.exited;
  });

  it('makes a looser data directory owner-only and says so, and writes every new file 600', async () => {
    const { api, dataDir, run } = started;
    const email: any = await (
      await fetch(`${api}/v1/emails`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: ['ada@example.com'], subject: 'Private', text: 'Hi' }),
      })
    ).json();
    await waitFor(
      async () => ((await (await fetch(`${api}/v1/jobs/${email.id}`)).json()) as any).status === 'succeeded',
      { what: 'the email job' },
    );
    const files = fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' });
    for (const expected of ['temporal.db', 'afterward.db', 'afterward.db-wal', path.join('outbox', 'earlier.eml')])
      assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
    assert.ok(
      files.filter((f) => f.startsWith('outbox') && f.endsWith('.eml')).length >= 2,
      'the new mail is in the outbox',
    );
    assert.deepEqual(openToOthers(dataDir), []);
    const warning = run
      .output()
      .split('\n')
      .find((line) => line.includes('local state was readable by other users'));
    assert.ok(warning, run.output());
    const changed = (JSON.parse(warning).changed as { path: string; from: string }[]).map(
      (c) => `${path.relative(dataDir, c.path) || '.'} ${c.from}`,
    );
    assert.deepEqual(changed.sort(), ['. 755', 'outbox 755', `${path.join('outbox', 'earlier.eml')} 644`].sort());
  });

  it('puts no configured secret on the command line of any process it starts, and the UI still gets its codec endpoint', async () => {
    const { run, uiPort } = started;
    const children = descendantProcesses(run.child.pid!);
    const devServer = children.find((pid) => processArgv(pid).includes('start-dev'));
    assert.ok(devServer, 'the embedded dev server is a child process');
    for (const pid of [run.child.pid!, ...children]) {
      const argv = processArgv(pid).join(' ');
      assert.ok(!argv.includes(codecKey), `pid ${pid} shows the codec key: ${argv}`);
      assert.ok(!argv.includes(payloadKey), `pid ${pid} shows PAYLOAD_KEYS: ${argv}`);
    }
    const argv = processArgv(devServer);
    const envFile = argv[argv.indexOf('--env-file') + 1]!;
    assert.ok(
      argv.includes('--env-file') && !fs.existsSync(envFile),
      'the settings file is gone once the server serves',
    );
    const settings: any = await (await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`)).json();
    assert.equal(settings.Codec.Endpoint, codecEndpoint);
  });
});
