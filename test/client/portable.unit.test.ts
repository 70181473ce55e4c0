// afterward/client runs wherever fetch does (Node, browsers, edge runtimes): its modules import one another,
// its two dependencies, and nothing of Node's.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import pkg from '../../package.json';

const CLIENT = path.resolve(__dirname, '..', '..', 'src', 'client');
const ALLOWED = new Set(['openapi-fetch', 'ms']);

describe('afterward/client', () => {
  it('imports nothing but its own modules, openapi-fetch and ms', () => {
    const imported = fs
      .readdirSync(CLIENT)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        ts
          .preProcessFile(fs.readFileSync(path.join(CLIENT, file), 'utf8'))
          .importedFiles.map(({ fileName }) => `${file}: ${fileName}`),
      );
    assert.ok(imported.length > 0);
    const foreign = imported.filter((line) => {
      const specifier = line.split(': ')[1]!;
      return !specifier.startsWith('./') && !ALLOWED.has(specifier);
    });
    assert.deepEqual(foreign, []);
    for (const dependency of ALLOWED) assert.ok(dependency in pkg.dependencies, `${dependency} is a dependency`);
  });
});
