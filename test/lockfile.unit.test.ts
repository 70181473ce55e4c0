// package-lock.json must be what npm writes from an empty cache: every dependency of every locked package,
// optional per-platform binaries of other systems included, has an entry. A lock shaped by one machine's
// cache (missing, say, @swc/core-darwin-arm64) installs there and fails `npm ci` everywhere else.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const REGENERATE =
  'regenerate it with: rm -rf node_modules && npm_config_cache="$(mktemp -d)" npm install --package-lock-only';

interface LockedPackage {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
  link?: boolean;
}

const root = path.join(__dirname, '..');
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
};
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as LockedPackage;

/** Node's resolution over lock paths: `a/node_modules/b` looks in its own node_modules, then each parent's. */
function resolves(from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (candidate in lock.packages) return true;
    if (!dir) return false;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut === -1 ? '' : dir.slice(0, cut);
  }
}

/** Every dependency npm would lock for this package: its regular, optional and required peer dependencies. */
function lockedDependencies(pkg: LockedPackage, isRoot: boolean): string[] {
  const peers = Object.keys(pkg.peerDependencies ?? {}).filter((name) => !pkg.peerDependenciesMeta?.[name]?.optional);
  return [
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
    ...peers,
    ...(isRoot ? Object.keys(pkg.devDependencies ?? {}) : []),
  ];
}

describe('package-lock.json', () => {
  it('is a lockfile v3 whose root entry matches package.json', () => {
    assert.equal(lock.lockfileVersion, 3, REGENERATE);
    const locked = lock.packages[''] ?? {};
    for (const field of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
      assert.deepEqual(
        locked[field] ?? {},
        manifest[field] ?? {},
        `package.json ${field} differ from the lock file; ${REGENERATE}`,
      );
    }
  });

  it("locks every dependency of every package, other platforms' optional binaries included", () => {
    const missing: string[] = [];
    for (const [at, pkg] of Object.entries(lock.packages)) {
      if (pkg.link) continue;
      for (const name of lockedDependencies(pkg, at === '')) {
        if (!resolves(at, name)) missing.push(`${name} (needed by ${at || 'the project'})`);
      }
    }
    assert.deepEqual(missing, [], `package-lock.json lacks entries an empty-cache install adds; ${REGENERATE}`);
  });
});
