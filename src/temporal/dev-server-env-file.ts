import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

/** The environment Afterward's settings file defines; the CLI reads the flags of that one only. */
const ENV_NAME = 'afterward';

export interface DevServerEnvFile {
  /** `--env-file <path> --env afterward`: what goes on the command line instead of the flags themselves. */
  args: string[];
  remove(): void;
}

/**
 * Flags whose values are secrets (the UI codec endpoint carries an API key) must not be on the dev server's
 * command line, where `ps` shows them to every local user. The `temporal` CLI also reads any flag from an
 * environment settings file (`--env-file`, the format `temporal env set` writes), so they go there: a file
 * only its owner can read, in a folder of its own, removed once the server is serving (the CLI reads it as it
 * starts).
 */
export function writeDevServerEnvFile(flags: Record<string, string>): DevServerEnvFile | undefined {
  if (Object.keys(flags).length === 0) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-temporal-env-'));
  const file = path.join(dir, 'temporal.yaml');
  fs.writeFileSync(file, stringify({ env: { [ENV_NAME]: flags } }), { mode: 0o600, flag: 'wx' });
  return {
    args: ['--env-file', file, '--env', ENV_NAME],
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
