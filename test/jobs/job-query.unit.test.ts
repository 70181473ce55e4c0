import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobListQuery } from '../../src/jobs/job-query';

const now = new Date('2026-01-01T00:00:00Z');

describe('jobListQuery', () => {
  it('scopes to the task queue and to jobs, without the internal workflows', () => {
    assert.equal(
      jobListQuery('afterward-v1', {}, now),
      "TaskQueue = 'afterward-v1' AND JobKind IS NOT NULL AND SequenceId IS NULL AND WorkflowId NOT STARTS_WITH 'audit-writer-' AND WorkflowId NOT STARTS_WITH 'job-events-'",
    );
  });

  it('adds kind, tag, time window and a closed status', () => {
    const q = jobListQuery(
      'q',
      { kind: 'email', tag: 'signup', since: new Date('2025-12-01T00:00:00Z'), until: now, status: 'failed' },
      now,
    );
    assert.equal(
      q,
      "TaskQueue = 'q' AND JobKind IS NOT NULL AND SequenceId IS NULL AND WorkflowId NOT STARTS_WITH 'audit-writer-' AND WorkflowId NOT STARTS_WITH 'job-events-' AND JobKind = 'email' AND JobTags = 'signup' AND StartTime >= '2025-12-01T00:00:00.000Z' AND StartTime < '2026-01-01T00:00:00.000Z' AND ExecutionStatus = 'Failed'",
    );
  });

  it('finds scheduled jobs by their future send time, and other open statuses among running ones', () => {
    assert.match(
      jobListQuery('q', { status: 'scheduled' }, now),
      /ExecutionStatus = 'Running' AND JobScheduledFor > '2026-01-01T00:00:00.000Z'/,
    );
  });

  it('finds open statuses by JobPhase, with the runs that have none (described to know)', () => {
    assert.match(
      jobListQuery('q', { status: 'retrying' }, now),
      / AND ExecutionStatus = 'Running' AND \(JobPhase = 'retrying' OR JobPhase IS NULL\)$/,
    );
    // An attempt handed to the workers, or a scheduled job whose time has come: queued or running, a describe says which.
    const undecided =
      "(JobPhase IS NULL OR JobPhase = 'running' OR (JobPhase = 'scheduled' AND JobScheduledFor <= '2026-01-01T00:00:00.000Z'))";
    assert.ok(jobListQuery('q', { status: 'queued' }, now).endsWith(` AND (JobPhase = 'queued' OR ${undecided})`));
    assert.ok(jobListQuery('q', { status: 'running' }, now).endsWith(` AND ${undecided}`));
  });

  it("narrows to one webhook endpoint's deliveries", () => {
    assert.match(
      jobListQuery('q', { kind: 'webhook', endpointId: 'ep_01abc' }, now),
      / AND WebhookEndpointId = 'ep_01abc'$/,
    );
  });

  it('escapes quotes so a value cannot change the query', () => {
    assert.match(jobListQuery('q', { kind: "x' OR '1'='1" }, now), /JobKind = 'x\\' OR \\'1\\'=\\'1'/);
  });
});
