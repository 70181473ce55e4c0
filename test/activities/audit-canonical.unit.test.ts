import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, GENESIS_HASH, rowHash } from '../../activities/store/audit/canonical';
import { canonicalContentJson, contentJson, toEventContent } from '../../activities/store/audit/events';

describe('canonical JSON', () => {
  it('sorts object keys at every depth and writes no whitespace', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x y' } }),
      '{"a":{"c":"x y","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text for the same value whatever the key order', () => {
    assert.equal(canonicalJson({ currency: 'EUR', amount: 12.5 }), canonicalJson({ amount: 12.5, currency: 'EUR' }));
  });

  it('keeps array order, escapes strings and sorts keys by code unit', () => {
    assert.equal(canonicalJson(['b', 'a', 'é"\n']), '["b","a","é\\"\\n"]');
    assert.equal(canonicalJson({ é: 1, Z: 2, a: 3 }), '{"Z":2,"a":3,"é":1}');
  });

  it('drops undefined members and uses toJSON as JSON.stringify does', () => {
    assert.equal(
      canonicalJson({ a: undefined, when: new Date('2025-01-01T00:00:00Z'), list: [undefined] }),
      '{"list":[null],"when":"2025-01-01T00:00:00.000Z"}',
    );
  });

  it('writes a hole in an array as null, as JSON.stringify does', () => {
    assert.equal(canonicalJson([1, , 3]), '[1,null,3]');
  });

  it('refuses values JSON cannot carry instead of changing them', () => {
    assert.throws(() => canonicalJson({ n: Number.NaN }), /value\.n is not a finite number/);
    assert.throws(() => canonicalJson([Number.POSITIVE_INFINITY]), /value\[0\] is not a finite number/);
    assert.throws(() => canonicalJson({ big: 1n }), /value\.big \(bigint\)/);
    assert.throws(() => canonicalJson(undefined), /not representable/);
  });
});

describe('the row hash', () => {
  it('is SHA-256 over the previous hash followed by the canonical content', () => {
    const content = toEventContent({
      id: 'evt-1',
      actor: 'user-1',
      action: 'invoice.paid',
      resource: 'invoice-1',
      at: '2025-01-01T01:00:00+01:00',
      detail: { currency: 'EUR', amount: 12.5 },
    });
    const json = contentJson(content);
    assert.equal(
      json,
      '{"action":"invoice.paid","actor":"user-1","at":"2025-01-01T00:00:00.000Z","detail":{"amount":12.5,"currency":"EUR"},"id":"evt-1","resource":"invoice-1"}',
    );
    // Computed independently: printf '%s' "$GENESIS$json" | sha256sum
    assert.equal(rowHash(GENESIS_HASH, json), 'fb6d8213be7998c8dec28d035be404c14d5ff7effe0bc061c3f5d4eef5f45bcf');
  });

  it('hashes the content an append writes out as the canonical JSON of the whole event', () => {
    const strings = ['plain', 'quote " and \\ backslash', 'é 😀 \u2028 \u0000', '\ud800 lone', '__proto__'];
    for (const text of strings) {
      const content = toEventContent({
        id: text,
        actor: text,
        action: text,
        resource: text,
        at: '2025-06-01T14:32:00+02:00',
        detail: { [text]: [text, 1.5e-7, -0, { z: null, a: true }], b: undefined },
      });
      const { id, actor, action, resource, at } = content;
      const whole = canonicalJson({ id, actor, action, resource, at, detail: JSON.parse(content.detail) as unknown });
      assert.equal(canonicalContentJson(content), whole);
      assert.equal(contentJson(content), whole);
    }
  });

  it('changes when the previous hash changes, so rows cannot be moved between chains', () => {
    assert.notEqual(rowHash(GENESIS_HASH, '{}'), rowHash('f'.repeat(64), '{}'));
  });
});
