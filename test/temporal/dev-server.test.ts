import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createPingActivities } from '../../activities/ping';
import { devServerArgs, startDevServer } from '../../src/temporal/dev-server';
import { freePort } from '../helpers/free-port';
import { findProcesses } from '../helpers/processes';
import { uniqueTaskQueue, workflowBundle } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';

describe('the embedded Temporal dev server', () => {
  it('persists to a WAL-mode SQLite file and registers the job search attributes', () => {
    const args = devServerArgs({ port: 7999, uiPort: 8999, dbFile: '/x/temporal.db', namespace: 'default' }).join(' ');
    assert.match(args, /--db-filename \/x\/temporal\.db --sqlite-pragma journal_mode=wal/);
    assert.match(
      args,
      /--search-attribute JobKind=Keyword --search-attribute JobTags=KeywordList --search-attribute JobScheduledFor=Datetime/,
    );
    assert.match(args, /--ui-port 8999/);
  });

  it('passes extra dynamic config as JSON values', () => {
    const args = devServerArgs({
      port: 7999,
      uiPort: 8999,
      namespace: 'default',
      dynamicConfig: { 'system.enableActivityEagerExecution': true, 'limit.x': 5 },
    }).join(' ');
    assert.match(
      args,
      /--dynamic-config-value system\.enableActivityEagerExecution=true --dynamic-config-value limit\.x=5/,
    );
  });

  it('refuses to start on a port that is already taken, saying how to use the server there', async () => {
    const address = testEnv('AFTERWARD_TEST_TEMPORAL_ADDRESS');
    const port = Number(address.split(':')[1]);
    await assert.rejects(
      startDevServer({
        binary: testEnv('AFTERWARD_TEST_TEMPORAL_CLI'),
        port,
        uiPort: 1,
        namespace: 'default',
        log: () => {},
      }),
      new RegExp(`port ${port} is already in use: set TEMPORAL_ADDRESS=127.0.0.1:${port}`),
    );
  });

  it('keeps an accepted job across a server restart, and a worker started later completes it', async () => {
    const dbFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-durable-')), 'temporal.db');
    const options = {
      binary: testEnv('AFTERWARD_TEST_TEMPORAL_CLI'),
      port: await freePort(),
      uiPort: await freePort(),
      dbFile,
      headless: true,
      namespace: 'default',
      log: () => {},
    };
    const taskQueue = uniqueTaskQueue('durable');

    const first = await startDevServer(options);
    const connection = await Connection.connect({ address: first.address });
    await new Client({ connection }).workflow.start('ping', {
      taskQueue,
      workflowId: `ping-durable-${taskQueue}`,
      args: [{ message: 'survives' }],
    });
    await connection.close();
    await first.stop();
    assert.deepEqual(findProcesses('start-dev', '--port', String(options.port)), []);

    const second = await startDevServer(options);
    try {
      const native = await NativeConnection.connect({ address: second.address });
      const worker = await Worker.create({
        connection: native,
        taskQueue,
        workflowBundle: await workflowBundle(),
        activities: createPingActivities({ workerIdentity: 'late-worker' }),
      });
      const client = new Client({ connection: await Connection.connect({ address: second.address }) });
      const result = await worker.runUntil(client.workflow.getHandle(`ping-durable-${taskQueue}`).result());
      assert.deepEqual(
        { message: result.message, worker: result.worker },
        { message: 'survives', worker: 'late-worker' },
      );
      await client.connection.close();
      await native.close();
    } finally {
      await second.stop();
    }
  });
});
