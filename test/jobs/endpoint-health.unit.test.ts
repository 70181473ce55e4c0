import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndpointView } from '../../activities/store/webhook-endpoints/endpoint-row';
import { deliveryHealth } from '../../src/jobs/endpoint-health';

const endpoint: EndpointView = {
  id: 'ep_1',
  url: 'https://example.com/hooks',
  description: null,
  eventTypes: null,
  enabled: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  failingSince: null,
  disabledAt: null,
  disabledReason: null,
  previousSecretExpiresAt: null,
};
const at = (minute: number) => `2026-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
const ok = (minute: number) => ({ at: at(minute), outcome: 'delivered' as const });
const failed = (minute: number) => ({ at: at(minute), outcome: 'retry' as const });

describe('deliveryHealth', () => {
  it('rates the attempts and dates the failure run from the first failure after the last success, in any order', () => {
    const health = deliveryHealth(endpoint, [failed(9), ok(1), failed(5), ok(2), failed(3), ok(4)]);
    assert.equal(health.attempts, 6);
    assert.equal(health.delivered, 3);
    assert.equal(health.successRate, 0.5);
    assert.equal(health.failingSince, at(5), 'the failure at 10:03 was followed by a success');
    assert.equal(health.lastSuccessAt, at(4));
  });

  it('is not failing when the latest attempt succeeded, and has no rate without attempts', () => {
    assert.equal(deliveryHealth(endpoint, [failed(1), ok(2)]).failingSince, null);
    const none = deliveryHealth(endpoint, []);
    assert.deepEqual([none.attempts, none.successRate, none.failingSince], [0, null, null]);
  });

  it("takes the row's earlier start of the run when no attempt in the window succeeded", () => {
    const failing = { ...endpoint, failingSince: '2026-01-01T09:00:00.000Z' };
    assert.equal(deliveryHealth(failing, [failed(3), failed(1)]).failingSince, '2026-01-01T09:00:00.000Z');
    assert.equal(deliveryHealth(failing, [ok(0), failed(3)]).failingSince, at(3), 'a success in the window decides');
  });

  it('counts every outcome but delivered as a failure, and carries the disabling from the row', () => {
    const gone = { ...endpoint, enabled: false, disabledAt: at(7), disabledReason: 'gone' as const };
    const health = deliveryHealth(gone, [ok(1), { at: at(6), outcome: 'rejected' }, { at: at(7), outcome: 'gone' }]);
    assert.equal(health.successRate, 1 / 3);
    assert.equal(health.failingSince, at(6));
    assert.deepEqual([health.enabled, health.disabledAt, health.disabledReason], [false, at(7), 'gone']);
  });
});
