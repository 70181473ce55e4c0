import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../../src/logger';
import { createSdkLogger } from '../../src/temporal/runtime-logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { sdk: createSdkLogger(logger), lines };
}

describe('the SDK logger', () => {
  it("passes the SDK's lines on at their level, with their metadata, as component temporal", () => {
    const { sdk, lines } = capture();
    sdk.warn('Task not found when completing', { taskQueue: 'q' });
    sdk.debug('chatter');
    assert.equal(lines.length, 1);
    assert.deepEqual(
      [lines[0]!.level, lines[0]!.msg, lines[0]!.taskQueue, lines[0]!.component],
      [40, 'Task not found when completing', 'q', 'temporal'],
    );
  });

  it('keeps the expected warning of an activity-only worker out of info logs', () => {
    const { sdk, lines } = capture();
    sdk.warn('No workflows registered, not polling for workflow tasks', { taskQueue: 'afterward-v1-email' });
    sdk.log('WARN', 'No workflows registered, not polling for workflow tasks');
    assert.deepEqual(lines, []);
  });

  it("logs the SDK's own info lines (worker, core, the webpack report) at debug, and the job code's at info", () => {
    const { sdk, lines } = capture();
    sdk.info('Worker state changed', { sdkComponent: 'worker', state: 'RUNNING' });
    sdk.info('Initializing worker', { sdkComponent: 'core' });
    sdk.info('asset workflow-bundle.js 1.78 MiB [emitted]');
    sdk.log('INFO', 'Workflow bundle created', { size: '1.78MB' });
    sdk.info('Email accepted by the SMTP server', { sdkComponent: 'activity' });
    sdk.info('Signal applied', { sdkComponent: 'workflow' });
    sdk.warn('Worker poller failed', { sdkComponent: 'worker' });
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg]),
      [
        [30, 'Email accepted by the SMTP server'],
        [30, 'Signal applied'],
        [40, 'Worker poller failed'],
      ],
    );
  });
});
