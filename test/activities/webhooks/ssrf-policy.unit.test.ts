import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, it } from 'node:test';
import {
  checkUrl,
  createGuardedLookup,
  forbiddenReason,
  isForbiddenAddress,
  parseAllowList,
} from '../../../activities/webhooks/ssrf-policy';
import { WebhookTargetForbiddenError } from '../../../activities/webhooks/webhook-target-forbidden-error';

// Addresses here are only classified, never contacted.
const forbidden: [string, string][] = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['172.16.5.4', 'private'],
  ['192.168.1.1', 'private'],
  ['169.254.169.254', 'linkLocal'],
  ['100.64.0.1', 'carrierGradeNat'],
  ['224.0.0.1', 'multicast'],
  ['0.0.0.0', 'unspecified'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'reserved'],
  ['::1', 'loopback'],
  ['::', 'unspecified'],
  ['fc00::1', 'uniqueLocal'],
  ['fd12:3456::1', 'uniqueLocal'],
  ['fe80::1', 'linkLocal'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'reserved'],
  ['::ffff:127.0.0.1', 'ipv4Mapped of 127.0.0.1 (loopback)'],
  ['::ffff:7f00:1', 'ipv4Mapped of 127.0.0.1 (loopback)'],
  ['::ffff:169.254.169.254', 'ipv4Mapped of 169.254.169.254 (linkLocal)'],
  ['64:ff9b::a00:1', 'rfc6052 of 10.0.0.1 (private)'],
  ['2002:a9fe:a9fe::1', '6to4 of 169.254.169.254 (linkLocal)'],
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'teredo of 127.0.0.1 (loopback)'],
  ['::7f00:1', 'ipv4Compatible of 127.0.0.1 (loopback)'],
];

const allowed = [
  '93.184.216.34',
  '8.8.8.8',
  '1.1.1.1',
  '2606:4700::1',
  '2a00:1450:4001::1',
  '::ffff:93.184.216.34',
  '2002:5db8:d822::1',
];

void describe('isForbiddenAddress', () => {
  for (const [address, reason] of forbidden) {
    void it(`forbids ${address} as ${reason}`, () => {
      assert.equal(isForbiddenAddress(address, parseAllowList([])), true);
      assert.equal(forbiddenReason(address), reason);
    });
  }

  for (const address of allowed) {
    void it(`allows the public address ${address}`, () => {
      assert.equal(isForbiddenAddress(address, parseAllowList([])), false);
    });
  }

  void it('allows a forbidden address inside an allow-listed network', () => {
    const allow = parseAllowList(['10.1.0.0/16', '127.0.0.1', '[::1]']);
    assert.equal(isForbiddenAddress('10.1.2.3', allow), false);
    assert.equal(isForbiddenAddress('10.2.0.1', allow), true);
    assert.equal(isForbiddenAddress('127.0.0.1', allow), false);
    assert.equal(isForbiddenAddress('::ffff:127.0.0.1', allow), false);
    assert.equal(isForbiddenAddress('::1', allow), false);
    assert.equal(isForbiddenAddress('127.0.0.2', allow), true);
  });

  void it('treats anything that is not an IP address as forbidden', () => {
    assert.equal(isForbiddenAddress('example.com', parseAllowList([])), true);
  });
});

void describe('parseAllowList', () => {
  void it('separates hostnames from networks and normalises case and trailing dots', () => {
    const allow = parseAllowList(['Hooks.Internal.', '10.0.0.0/8', 'fd00::/8', ' ']);
    assert.deepEqual([...allow.hostnames], ['hooks.internal']);
    assert.deepEqual(
      allow.networks.map(([address, bits]) => `${address.toString()}/${bits}`),
      ['10.0.0.0/8', 'fd00::/8'],
    );
  });

  void it('refuses an entry that is neither a hostname nor an address', () => {
    assert.throws(() => parseAllowList(['http://example.com/']), RangeError);
  });
});

void describe('checkUrl', () => {
  const refused = [
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://0177.0.0.1/',
    'http://[::127.0.0.1]/',
    'https://[fd00::1]:8443/hook',
  ];
  for (const url of refused) {
    void it(`refuses ${url} without an allow-list`, () => {
      assert.match(checkUrl(url, parseAllowList([])) ?? '', /is not allowed/);
    });
  }

  void it('refuses schemes other than http and https', () => {
    assert.match(checkUrl('ftp://example.com/', parseAllowList([])) ?? '', /scheme ftp:/);
    assert.match(checkUrl('file:///etc/passwd', parseAllowList([])) ?? '', /scheme file:/);
  });

  void it('refuses credentials in the URL', () => {
    assert.match(checkUrl('https://user:pass@example.com/', parseAllowList([])) ?? '', /credentials/);
  });

  void it('refuses what is not a URL', () => {
    assert.equal(checkUrl('not a url', parseAllowList([])), 'not a valid URL');
  });

  void it('leaves hostnames to the connect-time check', () => {
    assert.equal(checkUrl('https://hooks.example.com/a?b=c', parseAllowList([])), null);
    assert.equal(checkUrl('http://localhost:8080/', parseAllowList([])), null);
  });

  void it('accepts public literal addresses and allow-listed private ones', () => {
    assert.equal(checkUrl('http://93.184.216.34/', parseAllowList([])), null);
    assert.equal(checkUrl('http://[2606:4700::1]/', parseAllowList([])), null);
    assert.equal(checkUrl('http://127.1:3000/', parseAllowList(['127.0.0.0/8'])), null);
  });
});

function lookupAll(hostname: string, allowEntries: string[]): Promise<LookupAddress[]> {
  const lookup = createGuardedLookup(parseAllowList(allowEntries));
  return new Promise((resolve, reject) => {
    lookup(hostname, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses as LookupAddress[]),
    );
  });
}

void describe('createGuardedLookup', () => {
  void it('refuses a hostname that resolves to loopback, naming the address', async () => {
    await assert.rejects(lookupAll('localhost', []), (error: unknown) => {
      assert.ok(error instanceof WebhookTargetForbiddenError);
      assert.equal(error.hostname, 'localhost');
      assert.match(
        error.message,
        /localhost resolves to (127\.0\.0\.1|::1), which the SSRF policy forbids \(loopback\)/,
      );
      return true;
    });
  });

  void it('resolves an allow-listed hostname', async () => {
    const addresses = await lookupAll('localhost', ['localhost']);
    assert.ok(addresses.some(({ address }) => address === '127.0.0.1' || address === '::1'));
  });

  void it('answers in the single-address form when all is not set', async () => {
    const lookup = createGuardedLookup(parseAllowList(['127.0.0.0/8', '::1']));
    const [address, family] = await new Promise<[string, number | undefined]>((resolve, reject) => {
      lookup('localhost', {}, (error, address, family) =>
        error ? reject(error) : resolve([address as string, family]),
      );
    });
    assert.ok(address === '127.0.0.1' || address === '::1');
    assert.ok(family === 4 || family === 6);
  });
});
