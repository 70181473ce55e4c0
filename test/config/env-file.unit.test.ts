import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config';
import { ConfigError } from '../../src/config/config-error';
import { loadEnvFile } from '../../src/config/env-file';

const dirWith = (files: Record<string, string>): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-env-file-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
};

describe('the env file', () => {
  it('sets the variables of .env in the working directory, quotes, comments and export taken as dotenv does', () => {
    const dir = dirWith({
      '.env': '# local\nHTTP_PORT=4001\nexport EMAIL_DEFAULT_FROM="Ada <ada@example.com>" # ours\nSMTP_URL=\n',
    });
    const env: NodeJS.ProcessEnv = {};
    const loaded = loadEnvFile(env, dir)!;
    assert.equal(loaded.file, path.join(dir, '.env'));
    assert.deepEqual(loaded.names.sort(), ['EMAIL_DEFAULT_FROM', 'HTTP_PORT', 'SMTP_URL']);
    const config = loadConfig(env);
    assert.equal(config.http.publicUrl, 'http://127.0.0.1:4001');
    assert.equal(config.email.defaultFrom, 'Ada <ada@example.com>');
  });

  it('leaves every variable the environment already has, an empty one too', () => {
    const dir = dirWith({ '.env': 'HTTP_PORT=4001\nLOG_LEVEL=debug\nLOG_FORMAT=pretty\n' });
    const env: NodeJS.ProcessEnv = { HTTP_PORT: '4002', LOG_LEVEL: '' };
    assert.deepEqual(loadEnvFile(env, dir)!.names, ['LOG_FORMAT']);
    assert.deepEqual([env.HTTP_PORT, env.LOG_LEVEL, env.LOG_FORMAT], ['4002', '', 'pretty']);
  });

  it('is nothing when the default .env is missing', () => {
    const env: NodeJS.ProcessEnv = { A: '1' };
    assert.equal(loadEnvFile(env, dirWith({})), undefined);
    assert.deepEqual(env, { A: '1' });
  });

  it('is ENV_FILE when set, relative to the working directory, and a missing one is an error naming it', () => {
    const dir = dirWith({ 'staging.env': 'HTTP_PORT=4003\n', '.env': 'HTTP_PORT=4001\n' });
    const env: NodeJS.ProcessEnv = { ENV_FILE: 'staging.env' };
    loadEnvFile(env, dir);
    assert.equal(env.HTTP_PORT, '4003');
    assert.throws(
      () => loadEnvFile({ ENV_FILE: 'prod.env' }, dir),
      (err: Error) =>
        err instanceof ConfigError && /^ENV_FILE=prod\.env: .*prod\.env cannot be read: ENOENT$/.test(err.message),
    );
  });

  it('refuses a line that is not NAME=value and a quote never closed, naming the file and line, never its text', () => {
    const dir = dirWith({
      '.env': 'HTTP_PORT=4001\nTASK_SIGNING_SECRET: whsec_abc\n',
      'last.env': 'A=1\nnot a variable',
      'quote.env': 'A=1\nEMAIL_DEFAULT_FROM="Ada\n',
      'multiline.env': '# ok\nEMAIL_DEFAULT_FROM="Ada\n<ada@example.com>"\nHTTP_PORT=4004\n',
    });
    assert.throws(
      () => loadEnvFile({}, dir),
      (err: Error) =>
        err instanceof ConfigError &&
        err.message === `${path.join(dir, '.env')}:2 is not a NAME=value line (comments start with #)`,
    );
    assert.throws(() => loadEnvFile({ ENV_FILE: 'last.env' }, dir), /last\.env:2 is not a NAME=value line/);
    assert.throws(
      () => loadEnvFile({ ENV_FILE: 'quote.env' }, dir),
      /quote\.env:2: the value of EMAIL_DEFAULT_FROM opens a quote \("\) that is never closed/,
    );
    const env: NodeJS.ProcessEnv = { ENV_FILE: 'multiline.env' };
    loadEnvFile(env, dir);
    assert.deepEqual([env.EMAIL_DEFAULT_FROM, env.HTTP_PORT], ['Ada\n<ada@example.com>', '4004']);
  });
});
