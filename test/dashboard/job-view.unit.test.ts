// The job view's pure parts: the CLI commands it shows quote what a shell would misread, and its controls follow the
// scopes of the operation table, not a copy of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canCall } from '../../src/dashboard/operation-scopes';
import { shellWord, temporalCli } from '../../src/dashboard/pages/job/temporal-cli';
import type { ViewContext } from '../../src/dashboard/view-context';
import { type Grant, grantsAny, type Scope } from '../../src/security/scopes';

const viewWith = (...scopes: Grant[]) => ({ can: (...wanted: Scope[]) => grantsAny(scopes, wanted) }) as ViewContext;

describe('job view CLI commands', () => {
  it('leaves job ids as they are and quotes anything a shell would read otherwise', () => {
    assert.equal(shellWord('email-01m8vg0n760fbd3cwrr8tjdgff'), 'email-01m8vg0n760fbd3cwrr8tjdgff');
    assert.equal(shellWord('nightly:2026-12-02T09:00:00Z'), 'nightly:2026-12-02T09:00:00Z');
    assert.equal(shellWord('a b'), "'a b'");
    assert.equal(shellWord("it's $(rm -rf /)"), `'it'\\''s $(rm -rf /)'`);
    assert.equal(
      temporalCli('prod ns', 'x;y').cancel,
      "temporal workflow cancel --namespace 'prod ns' --workflow-id 'x;y'",
    );
  });
});

describe('canCall', () => {
  it("answers by the operation's scopes in OPERATIONS", () => {
    assert.equal(canCall(viewWith('jobs:read'), 'GET /v1/jobs/:id'), true);
    assert.equal(canCall(viewWith('jobs:read'), 'POST /v1/jobs/:id/cancel'), false);
    assert.equal(canCall(viewWith('jobs:admin'), 'POST /v1/emails/:id/send-now'), true);
    assert.equal(canCall(viewWith('*'), 'POST /v1/jobs/:id/retry'), true);
  });

  it('refuses a route the API does not have, so a typo cannot hide a control silently', () => {
    assert.throws(() => canCall(viewWith('*'), 'POST /v1/jobs/:id/cancle'), /not an operation of the API/);
  });
});
