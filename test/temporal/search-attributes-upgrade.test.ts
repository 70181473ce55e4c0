// A data dir from an older version holds a dev-server database registered with fewer search attributes; the
// server's flags register attributes only in a new database, so Afterward adds what is missing at start.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { Connection } from '@temporalio/client';
import { JOB_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes';
import { freePort } from '../helpers/free-port';
import { startAllInOne, stopProcess } from '../helpers/main-process';
import { testEnv } from '../helpers/test-env';
import { waitFor } from '../helpers/wait-for';

const attributesAt = async (address: string): Promise<string[]> => {
  const connection = await Connection.connect({ address });
  try {
    const answer = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    return Object.keys(answer.customAttributes ?? {});
  } finally {
    await connection.close();
  }
};

it('registers the search attributes an older data dir lacks, on its embedded dev server', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-sa-upgrade-'));
  const port = await freePort();
  const older = spawn(
    testEnv('AFTERWARD_TEST_TEMPORAL_CLI'),
    ['server', 'start-dev', '--headless', '--port', String(port), '--ui-port', String(await freePort())].concat([
      '--db-filename',
      path.join(dataDir, 'temporal.db'),
      '--search-attribute',
      'JobKind=Keyword',
    ]),
    { stdio: 'ignore' },
  );
  const before: string[] = await waitFor(() => attributesAt(`127.0.0.1:${port}`).catch(() => undefined), {
    timeoutMs: 30_000,
    what: 'the older dev server',
  });
  older.kill('SIGTERM');
  await new Promise((resolve) => older.once('exit', resolve));
  assert.ok(before.includes('JobKind') && !before.includes('JobPhase'), before.join(', '));

  const afterward = await startAllInOne('afterward-sa-upgrade-', {}, dataDir);
  try {
    const after = await attributesAt(`127.0.0.1:${afterward.devPort}`);
    for (const key of JOB_SEARCH_ATTRIBUTES) assert.ok(after.includes(key.name), `${key.name} in ${after.join(', ')}`);
  } finally {
    await stopProcess(afterward.run);
  }
});
