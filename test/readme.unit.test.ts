import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_VARIABLES, loadConfig } from '../src/config';
import { configTable, documentedVariables, tableSpan } from '../src/config/docs';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('the documented configuration', () => {
  it('is the table the schemas give, in the README', () => {
    const readme = read('README.md');
    const { start, end } = tableSpan(readme);
    assert.equal(readme.slice(start, end), configTable(), 'run npm run docs:config -- --write');
  });

  it('lists exactly the variables the service reads, aliases included, in the README table', () => {
    const section = read('README.md').split('## Configuration')[1]!.split('\n## ')[0]!;
    const documented = new Set(
      [...section.matchAll(/^\|([^|]+)\|/gm)].flatMap((row) =>
        [...row[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!),
      ),
    );
    assert.deepEqual([...documented].sort(), [...CONFIG_VARIABLES].sort());
  });

  it('lists every variable in .env.example under its own name, blank or with its default, and the service accepts it', () => {
    const lines = read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z]/.test(line));
    const env = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const variables = documentedVariables();
    assert.deepEqual(Object.keys(env).sort(), variables.map((v) => v.name).sort());
    for (const v of variables)
      assert.ok(env[v.name] === '' || env[v.name] === v.default, `${v.name}=${env[v.name]} is blank or ${v.default}`);
    assert.doesNotThrow(() => loadConfig(env));
  });
});
