import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobStatus, type StatusFacts } from '../../src/jobs/job-status';

const now = new Date('2026-01-01T12:00:00Z');
const running = (over: Partial<StatusFacts>): StatusFacts => ({
  workflowStatus: 'RUNNING',
  notYetPickedUp: false,
  pendingActivities: [],
  now,
  ...over,
});

describe('jobStatus', () => {
  it('maps every closed Temporal status to its job status', () => {
    assert.equal(jobStatus(running({ workflowStatus: 'COMPLETED' })), 'succeeded');
    assert.equal(jobStatus(running({ workflowStatus: 'FAILED' })), 'failed');
    assert.equal(jobStatus(running({ workflowStatus: 'CANCELLED' })), 'cancelled');
    assert.equal(jobStatus(running({ workflowStatus: 'TERMINATED' })), 'terminated');
    assert.equal(jobStatus(running({ workflowStatus: 'TIMED_OUT' })), 'timed_out');
  });

  it('says retrying once an activity has failed, even while the next attempt runs', () => {
    assert.equal(
      jobStatus(running({ pendingActivities: [{ started: true, attempt: 2, hasFailed: true }] })),
      'retrying',
    );
    assert.equal(
      jobStatus(running({ pendingActivities: [{ started: false, attempt: 1, hasFailed: true }] })),
      'retrying',
    );
  });

  it('says retrying while a job with its own attempt loop (webhooks) waits after a failed attempt', () => {
    assert.equal(jobStatus(running({ ownAttemptFailed: true })), 'retrying');
    assert.equal(
      jobStatus(
        running({ ownAttemptFailed: true, pendingActivities: [{ started: true, attempt: 1, hasFailed: false }] }),
      ),
      'retrying',
    );
    assert.equal(jobStatus(running({ ownAttemptFailed: false })), 'running');
    assert.equal(jobStatus(running({ workflowStatus: 'COMPLETED', ownAttemptFailed: true })), 'succeeded');
  });

  it('says running while a first attempt executes', () => {
    assert.equal(
      jobStatus(running({ pendingActivities: [{ started: true, attempt: 1, hasFailed: false }] })),
      'running',
    );
  });

  it('says scheduled while waiting for a future time, and queued while waiting for a worker', () => {
    assert.equal(jobStatus(running({ scheduledFor: new Date(now.getTime() + 60_000) })), 'scheduled');
    assert.equal(jobStatus(running({ notYetPickedUp: true })), 'queued');
    assert.equal(
      jobStatus(
        running({
          scheduledFor: new Date(now.getTime() - 1),
          pendingActivities: [{ started: false, attempt: 1, hasFailed: false }],
        }),
      ),
      'queued',
    );
  });
});
