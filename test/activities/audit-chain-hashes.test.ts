// The audit chain's hashes pinned: a fixture chain appended to a real store must hash exactly as it did
// when these hashes were recorded (with activities/store/audit/canonical.ts as of issue #18). A change
// of canonical JSON (a library in its place, say) that alters one byte for any of these events would
// leave every existing chain unverifiable, and fails here first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEventInput } from '../../activities/store';
import { DIALECTS, openAuditStore } from '../helpers/audit-stack';

// Details as JSON text, parsed as the API parses a request body.
const FIXTURE: [Omit<AuditEventInput, 'detail'>, string | undefined][] = [
  [
    { id: 'evt-1', actor: 'user-1', action: 'invoice.paid', resource: 'invoice-1', at: '2025-01-01T01:00:00+01:00' },
    '{"currency":"EUR","amount":12.5}',
  ],
  [
    {
      id: 'evt-2',
      actor: 'api-key:billing',
      action: 'invoice.refunded',
      resource: 'invoice-1',
      at: '2025-01-02T00:00:00Z',
    },
    undefined,
  ],
  [
    { id: 'evt-3', actor: 'user-2', action: 'order.placed', resource: 'order-7', at: '2025-03-04T05:06:07.089-07:30' },
    '{"z":{"b":[3,{"y":null,"x":true}],"a":"x y"},"A":false,"_":[]}',
  ],
  [
    { id: 'evt-4', actor: 'Zoë', action: 'profile.renamed', resource: 'user/é', at: '2025-06-01T14:32:00+02:00' },
    '{"é":1,"Z":2,"a":3,"😀":"☕","\\uffff":"last"}',
  ],
  [
    { id: 'evt-5', actor: 'user-1', action: 'metrics.sampled', resource: 'r', at: '2025-06-01T00:00:00.5Z' },
    '[1.5e-7,-0,1E21,0.30000000000000004,9007199254740993,5e-324,-1.0,100]',
  ],
  [
    {
      id: 'evt-6',
      actor: 'quote " and \\ backslash',
      action: 'text.escaped',
      resource: 'line\u2028separator',
      at: '2025-07-01T00:00:00Z',
    },
    '{"s":"tab\\t nul\\u0000 ls\\u2028 del\\u007f","lone":"\\ud800 lone","__proto__":{"k":"v"}}',
  ],
  [{ id: 'evt-7', actor: 'user-3', action: 'flag.set', resource: 'flags', at: '2025-12-31T23:59:59.999Z' }, 'true'],
  [
    { id: 'evt-8', actor: 'user-3', action: 'note.added', resource: 'notes', at: '2026-01-01T00:00:00Z' },
    '"just a string"',
  ],
];

// Recorded from this fixture; the first is also the row hash test/activities/audit-canonical.test.ts computed with sha256sum.
const EXPECTED_HASHES = [
  'fb6d8213be7998c8dec28d035be404c14d5ff7effe0bc061c3f5d4eef5f45bcf',
  'f82c61afa4be8f59245f452432e0e873bec46c1f0620e8caf12d4975aab4e8d7',
  '322754d7b4a154323e25c340b3728012f1c123da0b57bee8f693418d38a93c66',
  'adfc86d30eb5e78f002aef0f64a4fb7745b1e8ef8f1ef4b61c8266b0099d7996',
  '9814217c24871229ee05c1f497d3ee3a8d4d57bf6860a7c8eef31f8282d16aff',
  '14ca124f4288e65a25cd9a36c20b6e52664bed997c4d781820e14eaf029f6c9e',
  'ec184edcdd9947ff2b0fb4f9a4807b4d8a61b39daddd798568c8a70c3c7f3837',
  '7346f986d765051fbd6d522dcd9246a21513b889b3ace346ab829c341ee945a3',
];

function fixtureEvents(): AuditEventInput[] {
  return FIXTURE.map(([event, detail]) =>
    detail === undefined ? event : { ...event, detail: JSON.parse(detail) as unknown },
  );
}

for (const dialect of DIALECTS) {
  void describe(`the audit chain on ${dialect}`, () => {
    void it('hashes a fixture chain exactly as recorded, and verifies it', async (t) => {
      const { store } = await openAuditStore(t, dialect);
      await store.append(fixtureEvents());
      const { events } = await store.list({ limit: 100 });
      const hashes = events.map((event) => event.hash).reverse();
      assert.deepEqual(hashes, EXPECTED_HASHES);
      assert.equal((await store.verify()).intact, true);
    });
  });
}
