import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { restrictNewFiles, tightenPrivateDir, tightenPrivateFiles } from '../../src/security/private-state';

const mode = (p: string): number => fs.statSync(p).mode & 0o777;
const scratch = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-private-'));

describe('private state', () => {
  it('creates a missing data directory 700 and reports nothing', () => {
    const dir = path.join(scratch(), 'nested', '.data');
    assert.deepEqual(tightenPrivateDir(dir), []);
    assert.equal(mode(dir), 0o700);
  });

  it('takes group and other access from an existing directory and everything under it, and lists what it changed', () => {
    const dir = scratch();
    fs.mkdirSync(path.join(dir, 'outbox'));
    fs.writeFileSync(path.join(dir, 'outbox', 'a.eml'), 'x');
    fs.writeFileSync(path.join(dir, 'afterward.db'), 'x');
    fs.writeFileSync(path.join(dir, 'api-keys.json'), 'x');
    fs.chmodSync(dir, 0o755);
    fs.chmodSync(path.join(dir, 'outbox'), 0o775);
    fs.chmodSync(path.join(dir, 'outbox', 'a.eml'), 0o644);
    fs.chmodSync(path.join(dir, 'afterward.db'), 0o640);
    fs.chmodSync(path.join(dir, 'api-keys.json'), 0o600);
    const changed = tightenPrivateDir(dir).map((c) => [path.relative(dir, c.path), c.from, c.to]);
    assert.deepEqual(
      changed.sort(),
      [
        ['', '755', '700'],
        ['afterward.db', '640', '600'],
        ['outbox', '775', '700'],
        [path.join('outbox', 'a.eml'), '644', '600'],
      ].sort(),
    );
    assert.deepEqual([dir, path.join(dir, 'outbox')].map(mode), [0o700, 0o700]);
    assert.deepEqual(
      ['outbox/a.eml', 'afterward.db', 'api-keys.json'].map((f) => mode(path.join(dir, f))),
      [0o600, 0o600, 0o600],
    );
    assert.deepEqual(tightenPrivateDir(dir), [], 'a second pass has nothing to change');
  });

  it('tightens the files it is given that exist and skips the missing ones', () => {
    const dir = scratch();
    const db = path.join(dir, 'elsewhere.db');
    fs.writeFileSync(db, 'x');
    fs.chmodSync(db, 0o644);
    assert.deepEqual(
      tightenPrivateFiles([db, `${db}-wal`]).map((c) => c.path),
      [db],
    );
    assert.equal(mode(db), 0o600);
  });

  it('makes files and folders created afterwards owner-only, whatever mode they ask for', () => {
    const previous = process.umask();
    try {
      restrictNewFiles();
      const dir = scratch();
      fs.writeFileSync(path.join(dir, 'f'), 'x', { mode: 0o666 });
      fs.mkdirSync(path.join(dir, 'd'), { mode: 0o777 });
      assert.deepEqual([mode(path.join(dir, 'f')), mode(path.join(dir, 'd'))], [0o600, 0o700]);
    } finally {
      process.umask(previous);
    }
  });
});
