// The audit view's query: the form's fields as GET /v1/audit-events takes them (empty ones dropped, datetime-local
// read as UTC, 20 per page unless chosen), a bad value as a field error naming it, links to the filters, and the
// cursor that opens the log at one row.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditFiltersQuery, parseAuditQuery } from '../../src/dashboard/pages/audit/audit-query';
import { eventLink } from '../../src/dashboard/pages/audit/verify-result';

describe('parseAuditQuery', () => {
  it('drops empty fields, reads datetime-local values as UTC and pages by 20 unless told', () => {
    const q = parseAuditQuery({ actor: 'alice', action: '', resource: '', from: '2026-01-02T00:00', to: '' });
    assert.ok(q.ok);
    assert.deepEqual(q.query, { actor: 'alice', from: '2026-01-02T00:00:00Z', limit: 20 });
    assert.equal(q.form.from, '2026-01-02T00:00:00', 'shown back in the input as UTC');
    assert.deepEqual(auditFiltersQuery(q.query), {
      actor: 'alice',
      action: undefined,
      resource: undefined,
      from: '2026-01-02T00:00:00Z',
      to: undefined,
      limit: undefined,
    });
  });

  it('names each bad field with what was given, keeps the values for the form, and refuses unknown ones', () => {
    const q = parseAuditQuery({ from: 'yesterday', limit: '5000', actor: '<img src=x>', verify: '1' });
    assert.ok(!q.ok);
    assert.deepEqual(q.errors.map((e) => e.field).sort(), ['from', 'limit', 'verify']);
    assert.match(q.errors.find((e) => e.field === 'from')!.message, /given: "yesterday"/);
    assert.equal(q.form.actor, '<img src=x>');
  });
});

describe('eventLink', () => {
  it('opens the log at the page that starts with the row, and targets the row', () => {
    const link = eventLink(42);
    const url = new URL(link, 'http://dashboard.test');
    assert.equal(url.pathname, '/dashboard/audit');
    assert.equal(url.hash, '#event-42');
    assert.ok(
      url.searchParams.get('cursor'),
      "a cursor: which rows it starts at is the store's (test/dashboard/audit.test.ts)",
    );
  });
});
