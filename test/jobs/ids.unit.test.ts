import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTime } from 'ulid';
import { newAuditEventId } from '../../src/audit/audit-recorder';
import { makeJobId } from '../../src/jobs/ids';

/** Mints ids until at least `sameMs` of them share one millisecond, so the order inside a millisecond is tested. */
function mintWithinOneMillisecond(mint: () => string, ulidOf: (id: string) => string, sameMs = 50): string[] {
  for (let round = 0; round < 20; round++) {
    const ids = Array.from({ length: 2_000 }, mint);
    const perMs = new Map<number, number>();
    for (const id of ids) {
      const ms = decodeTime(ulidOf(id).toUpperCase());
      perMs.set(ms, (perMs.get(ms) ?? 0) + 1);
    }
    if (Math.max(...perMs.values()) >= sameMs) return ids;
  }
  throw new Error(`could not mint ${sameMs} ids within one millisecond`);
}

describe('ids', () => {
  it('orders job ids minted in the same millisecond by creation', () => {
    const ids = mintWithinOneMillisecond(
      () => makeJobId('email'),
      (id) => id.slice('email-'.length),
    );
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('orders audit event ids minted in the same millisecond by creation', () => {
    const ids = mintWithinOneMillisecond(newAuditEventId, (id) => id);
    assert.deepEqual([...ids].sort(), ids);
  });
});
