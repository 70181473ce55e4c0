// The jobs view's query: the form's fields as GET /v1/jobs takes them (empty ones dropped, datetime-local read as
// UTC), a bad value as a field error naming it, and links that carry the filters back in canonical form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inputSummary, shortened } from '../../src/dashboard/pages/jobs/input-summary';
import { filtersQuery, parseJobsQuery } from '../../src/dashboard/pages/jobs/jobs-query';

describe('parseJobsQuery', () => {
  it('drops the empty fields a submitted form sends and takes the rest as the API does', () => {
    const q = parseJobsQuery({
      kind: 'email',
      status: 'failed',
      tag: '',
      taskType: '',
      since: '',
      until: '',
      limit: '50',
    });
    assert.ok(q.ok);
    assert.deepEqual(q.filters, { kind: 'email', status: 'failed' });
    assert.equal(q.limit, 50);
    assert.equal(q.cursor, undefined);
  });

  it('reads datetime-local values as UTC, with or without seconds, and full ISO times as given', () => {
    const q = parseJobsQuery({ since: '2026-12-02T08:30', until: '2026-12-02T09:00:15.250+01:00' });
    assert.ok(q.ok);
    assert.equal(q.filters.since?.toISOString(), '2026-12-02T08:30:00.000Z');
    assert.equal(q.filters.until?.toISOString(), '2026-12-02T08:00:15.250Z');
    assert.equal(q.form.since, '2026-12-02T08:30:00', 'shown back in the input as UTC');
    assert.equal(q.form.until, '2026-12-02T08:00:15.250');
  });

  it('names each bad field with what was given, and keeps the given values for the form', () => {
    const q = parseJobsQuery({ since: 'yesterday', tag: '<img src=x>', status: 'lost', kind: 'email' });
    assert.ok(!q.ok);
    assert.deepEqual(
      q.errors.map((e) => e.field),
      ['status', 'tag', 'since'],
    );
    assert.match(q.errors.find((e) => e.field === 'since')!.message, /ISO 8601 time.*given: "yesterday"/);
    assert.equal(q.form.tag, '<img src=x>');
    assert.equal(q.form.kind, 'email');
  });

  it('refuses a repeated field, a limit out of range, a malformed cursor and a parameter the API does not take', () => {
    const q = parseJobsQuery({ status: ['failed', 'succeeded'], limit: '500', cursor: 'nope', surprise: '1' });
    assert.ok(!q.ok);
    assert.deepEqual(q.errors.map((e) => e.field).sort(), ['cursor', 'limit', 'status', 'surprise']);
  });
});

describe('filtersQuery', () => {
  it('gives the filters for a link, ISO times and the default limit left out, so they parse back the same', () => {
    const parsed = parseJobsQuery({ kind: 'ping', tag: 'batch:1', since: '2026-12-02T08:30', limit: '20' });
    assert.ok(parsed.ok);
    const query = filtersQuery(parsed.filters, parsed.limit);
    assert.deepEqual(query, {
      kind: 'ping',
      status: undefined,
      tag: 'batch:1',
      taskType: undefined,
      since: '2026-12-02T08:30:00.000Z',
      until: undefined,
      limit: undefined,
    });
    const again = parseJobsQuery(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)));
    assert.ok(again.ok);
    assert.deepEqual(again.filters, parsed.filters);
    assert.equal(filtersQuery(parsed.filters, 100).limit, '100');
  });
});

describe('inputSummary', () => {
  it('shows a job input summary as one line, tags left to their column', () => {
    assert.equal(
      inputSummary({ recipients: 2, subject: 'Welcome', attachments: 0, tags: ['a'] }),
      'recipients: 2 · subject: Welcome · attachments: 0',
    );
    assert.equal(inputSummary({ steps: ['ping', 'email'] }), 'steps: ping, email');
    assert.equal(inputSummary({ payload: { a: 1 } }), 'payload: {"a":1}');
    assert.equal(inputSummary(null), '');
    assert.equal(shortened('x'.repeat(200), 10), `${'x'.repeat(9)}…`);
    assert.equal(shortened('short', 10), 'short');
  });
});
