// The overview's pure parts: the hours its chart counts, its bars' heights, the links each number opens, and the
// visibility statuses its counts are told apart by.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobsListPath } from '../../src/dashboard/pages/overview/count-link';
import { barHeight, hourBuckets, spanOf } from '../../src/dashboard/pages/overview/hour-buckets';
import { totalOf } from '../../src/dashboard/pages/overview/overview-data';
import { parseJobsQuery } from '../../src/dashboard/pages/jobs/jobs-query';
import { closedStatusOfVisibility } from '../../src/jobs/job-query';

describe('hourBuckets', () => {
  const now = new Date('2026-12-02T14:37:12.345Z');

  it('is 24 contiguous hours, oldest first, the last ending now', () => {
    const hours = hourBuckets(now, 24);
    assert.equal(hours.length, 24);
    assert.equal(hours[0]!.since.toISOString(), '2026-12-01T14:37:12.345Z');
    assert.equal(hours[23]!.until.toISOString(), now.toISOString());
    assert.equal(hours[23]!.since.toISOString(), '2026-12-02T13:37:12.345Z');
    for (let n = 1; n < hours.length; n++) assert.equal(hours[n]!.since.getTime(), hours[n - 1]!.until.getTime());
    for (const h of hours) assert.equal(h.until.getTime() - h.since.getTime(), 3_600_000);
  });

  it('spans exactly the window the totals count', () => {
    const window = spanOf(hourBuckets(now, 24));
    assert.equal(window.until.getTime() - window.since.getTime(), 24 * 3_600_000);
    assert.equal(window.until.toISOString(), now.toISOString());
  });
});

describe('barHeight', () => {
  it('scales to the tallest bar, keeps a small count visible, and draws nothing for none', () => {
    assert.equal(barHeight(10, 10, 100), 100);
    assert.equal(barHeight(5, 10, 100), 50);
    assert.equal(barHeight(1, 1000, 100), 1);
    assert.equal(barHeight(0, 10, 100), 0);
    assert.equal(barHeight(0, 0, 100), 0);
  });
});

describe('jobsListPath', () => {
  it('opens the jobs view with the same filters, which it reads back as given', () => {
    const since = new Date('2026-12-01T14:37:12.345Z');
    const until = new Date('2026-12-02T14:37:12.345Z');
    const path = jobsListPath({ kind: 'webhook', status: 'failed', since, until });
    assert.equal(
      path,
      '/dashboard/jobs?kind=webhook&status=failed&since=2026-12-01T14%3A37%3A12.345Z&until=2026-12-02T14%3A37%3A12.345Z',
    );
    const parsed = parseJobsQuery(Object.fromEntries(new URL(path, 'http://x').searchParams));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.filters, { kind: 'webhook', status: 'failed', since, until });
  });

  it('leaves out the filters not given', () => {
    assert.equal(jobsListPath({ status: 'retrying' }), '/dashboard/jobs?status=retrying');
  });
});

describe('closedStatusOfVisibility', () => {
  it('names each closed ExecutionStatus as the job status the API gives it, and none for a running one', () => {
    assert.equal(closedStatusOfVisibility('Completed'), 'succeeded');
    assert.equal(closedStatusOfVisibility('Failed'), 'failed');
    assert.equal(closedStatusOfVisibility('TimedOut'), 'timed_out');
    assert.equal(closedStatusOfVisibility('Canceled'), 'cancelled');
    assert.equal(closedStatusOfVisibility('Terminated'), 'terminated');
    assert.equal(closedStatusOfVisibility('Running'), undefined);
  });
});

describe('totalOf', () => {
  it('adds up the kinds, status by status', () => {
    const total = totalOf([
      { kind: 'ping', counts: { total: 3, open: 0, closed: { succeeded: 3 } } },
      { kind: 'webhook', counts: { total: 4, open: 1, closed: { failed: 2, succeeded: 1 } } },
    ]);
    assert.deepEqual(total, { total: 7, open: 1, closed: { succeeded: 4, failed: 2 } });
  });
});
