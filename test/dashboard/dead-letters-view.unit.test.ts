// The dead-letters view's pure parts: grouping by kind, failure type and code class; the window a query names
// (presets measured back from now, custom ones read as UTC, bad ones as field errors); the failure cache by run id.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobError } from '../../src/jobs/job-error';
import {
  codeClass,
  type DeadLetter,
  groupDeadLetters,
} from '../../src/dashboard/pages/dead-letters/dead-letter-groups';
import { parseWindowQuery, windowAt, windowQuery } from '../../src/dashboard/pages/dead-letters/dead-letters-window';
import { failureCache } from '../../src/dashboard/pages/dead-letters/failure-cache';

const letter = (id: string, kind: string, error: JobError | null, status = 'failed'): DeadLetter =>
  ({ id, kind, runId: `run-${id}`, status, closedAt: null, input: null, error }) as DeadLetter;
const smtp = (code: number): JobError => ({
  message: `${code} no`,
  type: 'SmtpPermanentFailure',
  code,
  nonRetryable: true,
});

describe('groupDeadLetters', () => {
  it('groups by kind, failure type and code class, the largest group first, jobs in the order given', () => {
    const groups = groupDeadLetters([
      letter('w1', 'webhook', { message: 'gave up', type: 'WebhookRetriesExhausted', code: 500, nonRetryable: true }),
      letter('e1', 'email', smtp(550)),
      letter('e2', 'email', smtp(554)),
      letter('e3', 'email', smtp(421)),
      letter('t1', 'email', null, 'timed_out'),
      letter('p1', 'ping', { message: 'boom', nonRetryable: false }),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.key, g.jobs.map((j) => j.id)]),
      [
        ['email|SmtpPermanentFailure|5xx', ['e1', 'e2']],
        ['email|SmtpPermanentFailure|4xx', ['e3']],
        ['email|TimedOut|', ['t1']],
        ['ping|Unclassified|', ['p1']],
        ['webhook|WebhookRetriesExhausted|5xx', ['w1']],
      ],
    );
    assert.equal(groups[2]!.codeClass, undefined);
  });

  it("classes numeric codes, keeps other codes as they are, and reads a wrapped failure's code", () => {
    assert.equal(codeClass(smtp(250)), '2xx');
    assert.equal(codeClass({ message: 'x', code: 'ECONNREFUSED', nonRetryable: false }), 'ECONNREFUSED');
    assert.equal(codeClass({ message: 'x', code: 42, nonRetryable: false }), '42');
    assert.equal(codeClass({ message: 'x', nonRetryable: true, cause: { ...smtp(503) } }), '5xx');
    assert.equal(codeClass(null), undefined);
  });
});

describe('parseWindowQuery', () => {
  const now = new Date('2026-12-02T12:00:00Z');

  it('measures a preset window back from now, last 7 days by default, and ignores the custom fields', () => {
    const q = parseWindowQuery({ window: '1h', kind: 'email', since: 'garbage' }, now);
    assert.ok(q.ok);
    assert.deepEqual(q.window, {
      choice: '1h',
      kind: 'email',
      presetMs: 3_600_000,
      since: new Date('2026-12-02T11:00Z'),
    });
    assert.deepEqual(windowQuery(q.window), { window: '1h', kind: 'email' });
    const later = windowAt(q.window, new Date('2026-12-02T13:00:00Z'));
    assert.equal(later.since.toISOString(), '2026-12-02T12:00:00.000Z', 'it moves with the clock');
    const byDefault = parseWindowQuery({}, now);
    assert.ok(byDefault.ok);
    assert.equal(byDefault.window.choice, '7d');
    assert.equal(byDefault.window.since.toISOString(), '2026-11-25T12:00:00.000Z');
    assert.equal(parseWindowQuery({ window: '24h', kind: '' }, now).ok, true, 'an empty kind is any kind');
  });

  it('reads a custom window as UTC, until left open when empty, and shows it back in the inputs', () => {
    const q = parseWindowQuery({ window: 'custom', since: '2026-12-01T08:30', until: '' }, now);
    assert.ok(q.ok);
    assert.deepEqual(q.window, {
      choice: 'custom',
      kind: undefined,
      since: new Date('2026-12-01T08:30Z'),
      until: undefined,
    });
    assert.equal(q.form.since, '2026-12-01T08:30:00');
    assert.equal(windowAt(q.window, new Date()), q.window, 'a custom window does not move');
    const closed = parseWindowQuery(
      { window: 'custom', since: '2026-12-01T08:30', until: '2026-12-01T10:00:00+01:00' },
      now,
    );
    assert.ok(closed.ok);
    assert.deepEqual(windowQuery(closed.window), {
      window: 'custom',
      kind: undefined,
      since: '2026-12-01T08:30:00.000Z',
      until: '2026-12-01T09:00:00.000Z',
    });
  });

  it('answers a bad window with field errors naming each field', () => {
    const errorsOf = (query: Record<string, string>) => {
      const q = parseWindowQuery(query, now);
      assert.ok(!q.ok);
      return q.errors.map((e) => e.field);
    };
    assert.deepEqual(errorsOf({ window: 'custom' }), ['since']);
    assert.deepEqual(errorsOf({ window: 'custom', since: '2026-12-01T09:00', until: '2026-12-01T08:00' }), ['until']);
    assert.deepEqual(errorsOf({ window: '2h' }), ['window']);
    assert.deepEqual(errorsOf({ kind: '<img src=x>' }), ['kind']);
    assert.deepEqual(errorsOf({ window: 'custom', since: 'yesterday' }), ['since']);
  });
});

describe('failureCache', () => {
  it('reads each run once, tries a failed read again, and drops the oldest past its size', async () => {
    const reads: string[] = [];
    let failNext = true;
    const cached = failureCache(async (run: { workflowId: string; runId: string }) => {
      reads.push(run.runId);
      if (run.runId === 'flaky' && failNext) {
        failNext = false;
        throw new Error('Temporal away');
      }
      return { message: run.runId, nonRetryable: true };
    }, 2);
    const run = (runId: string) => ({ workflowId: 'job', runId });
    assert.equal((await cached(run('a')))?.message, 'a');
    assert.equal((await cached(run('a')))?.message, 'a');
    await assert.rejects(cached(run('flaky')), /Temporal away/);
    assert.equal((await cached(run('flaky')))?.message, 'flaky');
    await cached(run('b'));
    await cached(run('a'));
    assert.deepEqual(reads, ['a', 'flaky', 'flaky', 'b', 'a'], 'a was dropped once two newer runs were cached');
  });
});
