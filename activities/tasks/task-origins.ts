// Where task calls may go: the operator lists the origins of their own apps (TASK_ALLOWED_ORIGINS).
// A task type's URL must fall under one; the connection is then judged by the webhooks' SSRF policy,
// which an origin given as an IP address exempts (naming the address is the operator's decision).
import ipaddr from 'ipaddr.js';
import { type AllowList, checkUrl } from '../webhooks/ssrf-policy';

/** `https://app.example.com`, `http://127.0.0.1:8000`: scheme, host and port, nothing else. */
export function parseOrigins(entries: readonly string[]): string[] {
  return entries.map((entry) => {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`${JSON.stringify(entry)} is not an origin (scheme://host[:port])`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new Error(`${JSON.stringify(entry)}: the scheme must be http or https`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
      throw new Error(
        `${JSON.stringify(entry)} is not an origin: give scheme://host[:port] only, no path, query or credentials`,
      );
    }
    return url.origin;
  });
}

/** The origin `url` falls under, or undefined (also for a URL that does not parse). */
export function allowedOriginOf(url: string, origins: readonly string[]): string | undefined {
  try {
    const { origin } = new URL(url);
    return origins.find((o) => o === origin);
  } catch {
    return undefined;
  }
}

/** The allow-list for task calls: the operator's, plus the address of every origin given as an IP address. */
export function withOriginAddresses(allow: AllowList, origins: readonly string[]): AllowList {
  const addresses = origins
    .map((o) => new URL(o).hostname.replace(/^\[(.*)\]$/, '$1'))
    .filter((host) => ipaddr.isValid(host))
    .map((host) => {
      const address = ipaddr.parse(host);
      return [address, address.kind() === 'ipv4' ? 32 : 128] as const;
    });
  return { hostnames: allow.hostnames, networks: [...allow.networks, ...addresses] };
}

/**
 * Why a task type may not use `url`, or null: it must fall under an allowed origin, and pass the webhooks'
 * checks of a URL (scheme, no credentials, no forbidden literal address). Hostnames are judged again at
 * every connection, on the address connected to.
 */
export function checkTaskUrl(url: string, origins: readonly string[], allow: AllowList): string | null {
  if (origins.length === 0) {
    return 'no origin is allowed for task calls: set TASK_ALLOWED_ORIGINS to the origins of your apps (e.g. TASK_ALLOWED_ORIGINS=http://127.0.0.1:8000 for an app on this machine)';
  }
  if (!allowedOriginOf(url, origins))
    return `is not under an allowed origin (TASK_ALLOWED_ORIGINS: ${origins.join(', ')})`;
  return checkUrl(url, allow);
}
