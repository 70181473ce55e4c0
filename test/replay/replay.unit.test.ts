import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { IGNORED_JOB_METRICS, workflowBundle } from '../helpers/temporal';

const HISTORIES = path.join(__dirname, 'histories');

// Beside the replay, so the bundle is built once (workflowBundle() caches it per process).
it('bundles the workflows for the sandbox without any Node module leaking in', async () => {
  // The bundler fails on Node built-ins and warns on non-deterministic modules; either would throw here.
  const { code } = await workflowBundle();
  assert.match(code, /ping/);
});

// Each fixture is a real run captured with `temporal workflow show --output json`, named
// <workflowType>_<scenario>_v<N>.json. A workflow change that breaks determinism fails here;
// guard intended changes with patched() and add a fixture for the new version.
it('replays every recorded history with the current workflow code', async () => {
  const files = fs
    .readdirSync(HISTORIES)
    .filter((f) => f.endsWith('.json'))
    .sort();
  assert.ok(files.length > 0, 'no recorded histories');
  const fileOf = new Map<string, string>();
  const histories = files.map((file) => {
    const history = JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8'));
    // Under its own workflow id, for workflows that derive ids from it (a schedule's runs); the file name for older fixtures.
    const workflowId: string = history.events[0].workflowExecutionStartedEventAttributes.workflowId ?? file;
    fileOf.set(workflowId, file);
    return { workflowId, history };
  });
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: await workflowBundle(), sinks: IGNORED_JOB_METRICS },
    histories,
  )) {
    if (result.error) failures.push(`${fileOf.get(result.workflowId)}: ${result.error.message}`);
  }
  assert.deepEqual(failures, []);
});
