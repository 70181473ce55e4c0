// The README's `temporal` CLI runbook, run line by line against the test run's dev server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { testEnv } from './test-env';

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
export const RUNBOOK: readonly string[] = README.split('## `temporal` CLI runbook')[1]!
  .split('```sh\n')[1]!
  .split('```')[0]!
  .trim()
  .split('\n');

/**
 * What `npm run temporal -- …` needs to reach the test run's dev server with its CLI, as a user's configuration
 * would give it; ENV_FILE keeps a developer's own .env out.
 */
export const cliTestEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  TEMPORAL_ADDRESS: testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS'),
  TEMPORAL_CLI_PATH: testEnv('AFTERWARD_TEST_TEMPORAL_CLI'),
  ENV_FILE: '/dev/null',
});

/** Runs the one README line matching `pattern` exactly as written (`npm run temporal -- …`), with its placeholders (`<job id>`) filled in. */
export async function runRunbookLine(pattern: RegExp, placeholders: Record<string, string> = {}): Promise<string> {
  const line = RUNBOOK.find((l) => pattern.test(l));
  assert.ok(line, `the runbook has a line matching ${pattern}`);
  assert.match(line, /^npm run temporal -- /, 'runbook lines run the CLI through npm run temporal');
  let command = line.replace(/\s+#.*$/, '');
  for (const [placeholder, value] of Object.entries(placeholders)) command = command.replaceAll(placeholder, value);
  const { stdout } = await promisify(execFile)('bash', ['-c', command], {
    cwd: ROOT,
    env: cliTestEnv(),
    timeout: 30_000,
  });
  return stdout;
}
