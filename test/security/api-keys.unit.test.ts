import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import pino from 'pino';
import { type AuthConfig, loadConfig } from '../../src/config';
import { createKeyring, hashApiKey, newApiKey, parseApiKeys } from '../../src/security/api-keys';
import { ApiKeysFileError, authAtStart, loadApiKeys } from '../../src/security/api-keys-file';

const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-keys-'));
const authIn = (dir: string, env: Record<string, string> = {}): AuthConfig =>
  loadConfig({ AFTERWARD_DATA_DIR: dir, ...env }).auth;

describe('API keys', () => {
  it('are read from API_KEYS as name:scopes:sha256, scopes holding colons themselves', () => {
    const hash = hashApiKey('k1');
    const keys = parseApiKeys(`ci:jobs:write,jobs:read:${hash}; ops:*:${hashApiKey('k2')}`);
    assert.deepEqual(keys[0], { name: 'ci', scopes: ['jobs:write', 'jobs:read'], sha256: hash });
    assert.deepEqual(keys[1]!.scopes, ['*']);
  });

  it('refuse an unknown scope, a malformed hash and a repeated name, naming the entry', () => {
    assert.throws(() => parseApiKeys(`ci:jobs:fly:${hashApiKey('k')}`), /key 1: unknown scope "jobs:fly"/);
    assert.throws(() => parseApiKeys('ci:jobs:read:not-a-hash'), /key 1: the hash is the 64 lowercase hex digits/);
    assert.throws(
      () => parseApiKeys(`a:jobs:read:${hashApiKey('1')};a:jobs:read:${hashApiKey('2')}`),
      /two API keys are named a/,
    );
    assert.throws(() => loadConfig({ API_KEYS: 'ci:jobs:read' }), /API_KEYS="ci:jobs:read" is invalid: key 1/);
  });

  it('find the key a token belongs to by its hash, and nothing for any other token', () => {
    const [a, b] = [newApiKey(), newApiKey()];
    assert.match(a, /^aft_[A-Za-z0-9_-]{43}$/);
    const find = createKeyring([
      { name: 'a', scopes: ['jobs:read'], sha256: hashApiKey(a) },
      { name: 'b', scopes: ['*'], sha256: hashApiKey(b) },
    ]);
    assert.equal(find(a)?.name, 'a');
    assert.equal(find(b)?.name, 'b');
    assert.equal(find(`${a}x`), undefined);
    assert.equal(find(''), undefined);
  });

  it('are made on first start: one key with every scope, printed once, only its hash stored (mode 600)', () => {
    const dir = tempDir();
    const printed: string[] = [];
    const keys = loadApiKeys(authIn(dir), (key) => printed.push(key));
    assert.equal(printed.length, 1);
    assert.deepEqual(keys, [{ name: 'admin', scopes: ['*'], sha256: hashApiKey(printed[0]!) }]);
    const file = path.join(dir, 'api-keys.json');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.ok(!fs.readFileSync(file, 'utf8').includes(printed[0]!), 'the key itself is never stored');

    const again = loadApiKeys(authIn(dir), (key) => printed.push(key));
    assert.deepEqual(again, keys, 'the next start reads the same key');
    assert.equal(printed.length, 1, 'and prints nothing');
  });

  it('come from API_KEYS and API_KEYS_FILE instead when either is set, and no key file is made', () => {
    const dir = tempDir();
    const file = path.join(dir, 'keys.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ keys: [{ name: 'ui', scopes: ['codec:decode'], sha256: hashApiKey('u') }] }),
    );
    const keys = loadApiKeys(authIn(dir, { API_KEYS: `ci:jobs:write:${hashApiKey('c')}`, API_KEYS_FILE: file }), () =>
      assert.fail('nothing to print'),
    );
    assert.deepEqual(
      keys.map((k) => k.name),
      ['ci', 'ui'],
    );
    assert.equal(fs.existsSync(path.join(dir, 'api-keys.json')), false);
    fs.writeFileSync(file, JSON.stringify({ keys: [{ name: 'ui', scopes: [], sha256: hashApiKey('u') }] }));
    assert.throws(
      () => loadApiKeys(authIn(dir, { API_KEYS_FILE: file }), () => {}),
      (err: Error) =>
        err instanceof ApiKeysFileError &&
        /API_KEYS_FILE .* is invalid at keys\.0\.scopes: a key needs at least one scope/.test(err.message),
    );
    assert.throws(
      () => loadApiKeys(authIn(dir, { API_KEYS_FILE: path.join(dir, 'missing.json') }), () => {}),
      /API_KEYS_FILE .*missing\.json cannot be read/,
    );
  });

  it('are off with AUTH_DISABLED, with a warning at every start and no key file', () => {
    const dir = tempDir();
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    for (let start = 0; start < 2; start++) {
      const auth = authAtStart(authIn(dir, { AUTH_DISABLED: 'true' }), logger, () => assert.fail('nothing to print'));
      assert.deepEqual([auth.disabled, auth.keys], [true, []]);
    }
    assert.equal(lines.filter((line) => JSON.parse(line).level === 40 && /AUTH_DISABLED=true/.test(line)).length, 2);
    assert.equal(fs.existsSync(path.join(dir, 'api-keys.json')), false);
  });
});
