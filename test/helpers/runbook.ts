// The README's `temporal` CLI runbook, run line by line against the test run's dev server.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { testEnv } from './test-env';

const README = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
export const RUNBOOK: readonly string[] = README.split('## `temporal` CLI runbook')[1]!
  .split('```sh\n')[1]!
  .split('```')[0]!
  .trim()
  .split('\n');

/** Runs the one README line matching `pattern` as written, with its placeholders (`<job id>`) filled in and the test server's address added. */
export async function runRunbookLine(pattern: RegExp, placeholders: Record<string, string> = {}): Promise<string> {
  const line = RUNBOOK.find((l) => pattern.test(l));
  assert.ok(line, `the runbook has a line matching ${pattern}`);
  let command = line.replace(/\s+#.*$/, '').replace(/^temporal /, `'${testEnv('AFTERWARD_TEST_TEMPORAL_CLI')}' `);
  for (const [placeholder, value] of Object.entries(placeholders)) command = command.replaceAll(placeholder, value);
  const { stdout } = await promisify(execFile)(
    'bash',
    ['-c', `${command} --address ${testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS')}`],
    { timeout: 30_000 },
  );
  return stdout;
}
