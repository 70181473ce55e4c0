import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_VARIABLES } from '../src/config';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('the documented configuration', () => {
  it('lists exactly the variables the service reads, in the README table', () => {
    const section = read('README.md').split('## Configuration')[1]!.split('\n## ')[0]!;
    const documented = new Set([...section.matchAll(/^\|([^|]+)\|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!)));
    assert.deepEqual([...documented].sort(), [...CONFIG_VARIABLES].sort());
  });

  it('lists exactly the variables the service reads, in .env.example', () => {
    const names = read('.env.example').split('\n').filter((line) => /^[A-Z]/.test(line)).map((line) => line.split('=')[0]);
    assert.deepEqual(names.sort(), [...CONFIG_VARIABLES].sort());
  });
});
