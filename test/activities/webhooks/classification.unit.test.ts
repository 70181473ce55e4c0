import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyStatus } from '../../../activities/webhooks/classify-status';
import { buildRequestHeaders, isReservedHeader } from '../../../activities/webhooks/request-headers';
import { parseRetryAfter } from '../../../activities/webhooks/retry-after';

void describe('classifyStatus', () => {
  const table: [number, string][] = [
    [200, 'delivered'],
    [201, 'delivered'],
    [204, 'delivered'],
    [299, 'delivered'],
    [410, 'gone'],
    [408, 'retry'],
    [425, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
    [599, 'retry'],
    [301, 'rejected'],
    [302, 'rejected'],
    [307, 'rejected'],
    [308, 'rejected'],
    [400, 'rejected'],
    [401, 'rejected'],
    [403, 'rejected'],
    [404, 'rejected'],
    [409, 'rejected'],
    [413, 'rejected'],
    [422, 'rejected'],
  ];
  for (const [status, outcome] of table) {
    void it(`classifies ${status} as ${outcome}`, () => {
      assert.equal(classifyStatus(status), outcome);
    });
  }
});

void describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');

  void it('reads a delay in seconds', () => {
    assert.equal(parseRetryAfter('2', now), 2_000);
    assert.equal(parseRetryAfter(['30'], now), 30_000);
  });

  void it('reads an HTTP-date relative to now', () => {
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 12:01:30 GMT', now), 90_000);
  });

  void it('treats a date in the past as no wait', () => {
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 11:00:00 GMT', now), 0);
  });

  void it('caps the wait at one hour by default', () => {
    assert.equal(parseRetryAfter('86400', now), 3_600_000);
    assert.equal(parseRetryAfter('Thu, 02 Jan 2025 12:00:00 GMT', now), 3_600_000);
    assert.equal(parseRetryAfter('600', now, 60_000), 60_000);
  });

  void it('ignores a missing or unreadable value', () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
  });
});

void describe('buildRequestHeaders', () => {
  const signature = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,abc' };

  void it('keeps custom headers but never lets them override signature, content type or framing headers', () => {
    const headers = buildRequestHeaders(
      {
        'X-Tenant': '7',
        'Webhook-Signature': 'v1,forged',
        'webhook-id': 'forged',
        'Content-Type': 'text/plain',
        Host: 'internal',
        'Transfer-Encoding': 'chunked',
      },
      signature,
      'Afterward-Webhooks/1',
    );
    assert.deepEqual(headers, {
      'x-tenant': '7',
      'user-agent': 'Afterward-Webhooks/1',
      ...signature,
      'content-type': 'application/json',
    });
  });

  void it('names the headers the API should refuse at submit time', () => {
    assert.equal(isReservedHeader('Webhook-Anything'), true);
    assert.equal(isReservedHeader('content-length'), true);
    assert.equal(isReservedHeader('Authorization'), false);
  });
});
