import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { reportedState } from '../../src/jobs/reported-state';
import { JOB_PHASE, JOB_SCHEDULED_FOR } from '../../workflows/shared/search-attributes';

const now = new Date('2026-01-01T12:00:00Z');
const lastError = {
  message: 'Attempt 1 failed: HTTP 500',
  type: 'WebhookTransientFailure',
  code: 500,
  nonRetryable: false,
};

function run(status: string, phase?: string, memo?: object, scheduledFor?: Date): WorkflowExecutionInfo {
  return {
    status: { name: status },
    typedSearchAttributes: new TypedSearchAttributes([
      ...(phase ? [{ key: JOB_PHASE, value: phase }] : []),
      ...(scheduledFor ? [{ key: JOB_SCHEDULED_FOR, value: scheduledFor }] : []),
    ]),
    memo: memo ? { jobPhase: memo } : {},
  } as unknown as WorkflowExecutionInfo;
}

describe('reportedState', () => {
  it('reads a retrying job from its phase and memo, with its next attempt', () => {
    const memo = { phase: 'retrying', attempts: 2, lastError, nextAttemptAt: '2026-01-01T12:05:00.000Z' };
    assert.deepEqual(reportedState(run('RUNNING', 'retrying', memo), now), {
      status: 'retrying',
      attempts: 2,
      lastError,
      nextAttemptAt: '2026-01-01T12:05:00.000Z',
    });
  });

  it('reads a job queued at start, before its workflow said more, as no attempt so far', () => {
    assert.deepEqual(reportedState(run('RUNNING', 'queued'), now), { status: 'queued', attempts: 0, lastError: null });
  });

  it('reads a closed job from what it closed with, and its status from visibility', () => {
    const memo = { attempts: 3, lastError, nextAttemptAt: null };
    assert.deepEqual(reportedState(run('FAILED', 'retrying', memo), now), { status: 'failed', attempts: 3, lastError });
  });

  it('leaves to a describe what the phase does not tell', () => {
    const open = { phase: 'running', attempts: 1, lastError: null, nextAttemptAt: null };
    // No phase (before phases; a kind that reports none).
    assert.equal(reportedState(run('RUNNING'), now), undefined);
    // An attempt handed to the workers: queued in its activity queue, or running.
    assert.equal(reportedState(run('RUNNING', 'running', open), now), undefined);
    // Scheduled, and its time has come.
    assert.equal(
      reportedState(run('RUNNING', 'scheduled', undefined, new Date('2026-01-01T11:00:00Z')), now),
      undefined,
    );
    // Closed without saying (cancelled, terminated): the memo still holds where it stood.
    assert.equal(reportedState(run('TERMINATED', 'running', open), now), undefined);
    assert.equal(reportedState(run('COMPLETED'), now), undefined);
  });

  it('reads a job waiting for its time as scheduled', () => {
    const later = new Date('2026-01-01T13:00:00Z');
    assert.deepEqual(reportedState(run('RUNNING', 'scheduled', undefined, later), now), {
      status: 'scheduled',
      attempts: 0,
      lastError: null,
    });
  });
});
