// What a person sees when Afterward starts: readable log lines on a terminal (JSON for a log store), the .env it
// read, and the start banner.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { freePort } from './helpers/free-port';
import { type RunningProcess, startAllInOne, startMain, stopProcess } from './helpers/main-process';
import { testEnv } from './helpers/test-env';
import { waitFor } from './helpers/wait-for';

const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';
const READABLE_LINE = new RegExp(`^\\[${ISO}\\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL): \\S`);
const BANNER = 'Afterward is ready';
const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const count = (text: string, part: string) => text.split(part).length - 1;

/** The banner, once it is printed to its last line, the command to try. */
const bannerOf = (run: RunningProcess): Promise<string> =>
  waitFor(
    () => {
      const banner = run.output().slice(run.output().indexOf(BANNER));
      return run.output().includes(BANNER) && /\n {2}curl [^\n]*\n/.test(banner) && banner;
    },
    { what: 'the start banner' },
  );

/** Log records outside of the first lines' continuation (an error's stack, a multi-line message). */
const records = (stdout: string) => stdout.split('\n').filter((line) => line && !/^\s/.test(line));

describe('the start of the afterward process', () => {
  it('reads .env, prints readable lines with ISO times, no webpack report, and one banner after the start, the key on first start only', async () => {
    const dataDir = tempDir('afterward-start-');
    const envFile = path.join(dataDir, 'start.env');
    // The file's HTTP_PORT loses to the environment's (startMain sets one); its LOG_FORMAT applies.
    fs.writeFileSync(envFile, `# as a person writes it\nLOG_FORMAT=pretty\nHTTP_PORT=${await freePort()}\n`);
    const first = await startAllInOne('afterward-start-', { ENV_FILE: envFile }, dataDir);
    let key: string;
    try {
      const banner = await bannerOf(first.run);
      const out = first.run.stdout();
      assert.ok(records(out).length > 5, out);
      for (const line of records(out)) assert.match(line, READABLE_LINE);
      assert.doesNotMatch(out, /"level":|"msg":/, 'no JSON lines');
      assert.match(out, /INFO: read the env file \{"envFile":"[^"]*start\.env","variables":\["LOG_FORMAT"\]\}/);
      assert.doesNotMatch(first.run.output(), /webpack|asset workflow-bundle|Workflow bundle created/i);
      assert.ok(
        first.run.output().indexOf('Afterward is running') < first.run.output().indexOf(BANNER),
        'the banner ends the start',
      );

      assert.match(banner, /role all/);
      assert.match(banner, new RegExp(`^ {2}API +${first.api}$`, 'm'));
      assert.match(banner, new RegExp(`^ {2}API docs +${first.api}/docs$`, 'm'));
      assert.match(banner, new RegExp(`^ {2}Temporal UI +http://localhost:${first.uiPort}$`, 'm'));
      assert.match(
        banner,
        new RegExp(`Metrics +${first.api}/metrics .*http://127\\.0\\.0\\.1:${first.metricsPort}/metrics`),
      );
      key = /^ {2}export AFTERWARD_KEY=(aft_[A-Za-z0-9_-]{43})$/m.exec(banner)![1]!;
      assert.equal(count(first.run.output(), key), 1, 'the key is printed once, and in no log line');
      assert.equal(count(first.run.output(), BANNER), 1);
      // The command to try, as printed, with the key as the banner says to set it.
      const curl = /^ {2}(curl .*)$/m.exec(banner)![1]!;
      const { stdout } = await promisify(execFile)('bash', ['-c', curl], {
        env: { ...process.env, AFTERWARD_KEY: key },
      });
      assert.match(JSON.parse(stdout).id, /\S/, stdout);
      for (const url of [first.api + '/docs', `http://localhost:${first.uiPort}/`])
        assert.equal((await fetch(url)).status, 200, url);
      assert.equal(
        (await fetch(`http://127.0.0.1:${first.metricsPort}/metrics`)).status,
        200,
        'the Temporal SDK metrics address',
      );
    } finally {
      assert.equal(await stopProcess(first.run), 0, first.run.output());
    }

    // Restarted on its data: the environment's LOG_FORMAT wins over the file's; the key was made before.
    const again = await startAllInOne('afterward-start-', { ENV_FILE: envFile, LOG_FORMAT: 'json' }, dataDir);
    try {
      const banner = await bannerOf(again.run);
      assert.doesNotMatch(again.run.output(), /aft_/);
      assert.match(banner, /with your API key in \$AFTERWARD_KEY/);
      assert.equal(count(again.run.output(), BANNER), 1);
      const lines = records(again.run.stdout()).map((line) => JSON.parse(line));
      assert.ok(lines.length > 5);
      for (const line of lines) assert.match(line.time, new RegExp(`^${ISO}$`));
      assert.ok(lines.some((line) => line.msg === 'Afterward is running'));
      assert.ok(
        lines.every((line) => line.level !== 30 || line.component !== 'temporal'),
        'no SDK chatter at info',
      );
    } finally {
      assert.equal(await stopProcess(again.run), 0, again.run.output());
    }
  });

  it('in role api, ends its start with the banner: the UI of TEMPORAL_UI_URL, no SDK metrics, the first key', async () => {
    const run = await startMain({
      AFTERWARD_ROLE: 'api',
      AFTERWARD_DATA_DIR: tempDir('afterward-start-api-'),
      TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
      TEMPORAL_UI_URL: 'https://temporal.example.com',
    });
    try {
      const banner = await bannerOf(run);
      assert.match(banner, /role api/);
      assert.match(banner, /^ {2}Temporal UI +https:\/\/temporal\.example\.com$/m);
      assert.doesNotMatch(banner, /Temporal SDK/);
      assert.match(banner, /^ {2}export AFTERWARD_KEY=aft_/m);
    } finally {
      assert.equal(await stopProcess(run), 0, run.output());
    }
  });

  it('in role api against a cluster with no TEMPORAL_UI_URL, shows no Temporal UI it does not know', async () => {
    const run = await startMain({
      AFTERWARD_ROLE: 'api',
      AFTERWARD_DATA_DIR: tempDir('afterward-start-api-'),
      TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
      AUTH_DISABLED: 'true',
    });
    try {
      const banner = await bannerOf(run);
      assert.doesNotMatch(banner, /Temporal UI|AFTERWARD_KEY/);
      assert.match(banner, /no key/);
    } finally {
      assert.equal(await stopProcess(run), 0, run.output());
    }
  });

  it('fails with one line naming the env file when it is malformed', async () => {
    const envFile = path.join(tempDir('afterward-start-bad-'), 'bad.env');
    fs.writeFileSync(envFile, 'LOG_LEVEL=debug\nthis is not a variable\n');
    const run = await startMain({ ENV_FILE: envFile });
    assert.equal(await run.exited, 1);
    assert.deepEqual(run.output().trim().split('\n'), [
      `${envFile}:2 is not a NAME=value line (comments start with #)`,
    ]);
  });
});
