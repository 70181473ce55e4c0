// Which addresses a webhook may reach. Anything inside our own networks (loopback, private,
// link-local where cloud metadata lives, ...) is refused unless the operator allow-lists it.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { WebhookTargetForbiddenError } from './webhook-target-forbidden-error';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export interface AllowList {
  /** Lower-case hostnames whose resolved addresses are trusted whatever they are. */
  readonly hostnames: ReadonlySet<string>;
  readonly networks: readonly (readonly [Address, number])[];
}

export const EMPTY_ALLOW_LIST: AllowList = { hostnames: new Set(), networks: [] };

/** Entries are hostnames ("hooks.internal"), CIDRs ("10.1.0.0/16") or single addresses ("127.0.0.1"). */
export function parseAllowList(entries: readonly string[]): AllowList {
  const hostnames = new Set<string>();
  const networks: (readonly [Address, number])[] = [];
  for (const raw of entries) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (entry === '') continue;
    if (ipaddr.isValidCIDR(entry)) networks.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = ipaddr.parse(entry);
      networks.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (/^[a-z0-9_.-]+$/.test(entry)) hostnames.add(entry.replace(/\.$/, ''));
    else throw new RangeError(`Invalid webhook allow-list entry: ${raw}`);
  }
  return { hostnames, networks };
}

export function isHostAllowed(hostname: string, allow: AllowList): boolean {
  return allow.hostnames.has(hostname.toLowerCase().replace(/\.$/, ''));
}

function isAddressAllowed(address: Address, allow: AllowList): boolean {
  return allow.networks.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

const ipv4CompatibleRange = ipaddr.parseCIDR('::/96');

/** The IPv4 address carried inside an IPv6 one (mapped, translated, NAT64, 6to4, Teredo, compatible), with the form's name. */
function embeddedIPv4(address: ipaddr.IPv6): [string, ipaddr.IPv4] | undefined {
  const bytes = address.toByteArray();
  const ipv4 = (part: number[]) => ipaddr.fromByteArray(part) as ipaddr.IPv4;
  const range = address.range();
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052':
      return [range, ipv4(bytes.slice(12))];
    case '6to4':
      return [range, ipv4(bytes.slice(2, 6))];
    case 'teredo': // the client address is stored inverted
      return [range, ipv4(bytes.slice(12).map((byte) => byte ^ 0xff))];
    case 'unicast':
      return address.match(ipv4CompatibleRange) ? ['ipv4Compatible', ipv4(bytes.slice(12))] : undefined;
    default:
      return undefined;
  }
}

/**
 * Why `ip` may not be contacted (the ipaddr.js range name), or undefined when it may.
 * Only ordinary unicast passes; allow-listed networks pass whatever they are.
 */
export function forbiddenReason(ip: string, allow: AllowList = EMPTY_ALLOW_LIST): string | undefined {
  if (!ipaddr.isValid(ip)) return 'not an IP address';
  const address = ipaddr.parse(ip);
  if (isAddressAllowed(address, allow)) return undefined;
  if (address.kind() === 'ipv4') {
    const range = address.range();
    return range === 'unicast' ? undefined : range;
  }
  const ipv6 = address as ipaddr.IPv6;
  const embedded = embeddedIPv4(ipv6);
  if (embedded) {
    const [form, ipv4] = embedded;
    const reason = forbiddenReason(ipv4.toString(), allow);
    return reason && `${form} of ${ipv4.toString()} (${reason})`;
  }
  const range = ipv6.range();
  return range === 'unicast' ? undefined : range;
}

export function isForbiddenAddress(ip: string, allow: AllowList = EMPTY_ALLOW_LIST): boolean {
  return forbiddenReason(ip, allow) !== undefined;
}

/** Submit-time check of an endpoint URL: a reason to refuse it, or null. Hostnames are judged at connect time. */
export function checkUrl(url: string, allow: AllowList = EMPTY_ALLOW_LIST): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `scheme ${parsed.protocol} is not allowed; use http or https`;
  if (parsed.username || parsed.password) return 'credentials in the URL are not allowed; use custom headers';
  // WHATWG URL has already turned 2130706433, 0x7f.1 and 127.1 into 127.0.0.1.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(host) || isHostAllowed(host, allow)) return null;
  const reason = forbiddenReason(host, allow);
  return reason ? `address ${host} is not allowed (${reason})` : null;
}

/**
 * A dns.lookup for undici's connector that refuses a name resolving to any forbidden address,
 * so the address checked is the one connected to (no DNS-rebinding window).
 */
export function createGuardedLookup(allow: AllowList = EMPTY_ALLOW_LIST): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!isHostAllowed(hostname, allow)) {
        for (const { address } of addresses) {
          const reason = forbiddenReason(address, allow);
          if (reason) return callback(new WebhookTargetForbiddenError(hostname, address, reason), '', 0);
        }
      }
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first)
        return callback(Object.assign(new Error(`No address found for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
