// undici connector that applies the SSRF policy to the address actually connected to.
import { isIP } from 'node:net';
import { buildConnector } from 'undici';
import { type AllowList, createGuardedLookup, forbiddenReason, isHostAllowed } from './ssrf-policy';
import { WebhookTargetForbiddenError } from './webhook-target-forbidden-error';

export function createGuardedConnector(allow: AllowList, connectTimeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: createGuardedLookup(allow) });
  return (options, callback) => {
    const hostname = options.hostname.replace(/^\[(.*)\]$/, '$1');
    const hostAllowed = isHostAllowed(hostname, allow);
    // Node's net never calls lookup for a literal IP, so literals are judged here, before any packet.
    const literalReason = isIP(hostname) && !hostAllowed ? forbiddenReason(hostname, allow) : undefined;
    if (literalReason) return callback(new WebhookTargetForbiddenError(hostname, hostname, literalReason), null);

    connect(options, (error, socket) => {
      if (error) return callback(error, null);
      // Second line of defence: whatever resolved the name, judge the peer we are talking to.
      const remote = socket.remoteAddress;
      const reason = remote && !hostAllowed ? forbiddenReason(remote, allow) : undefined;
      if (!reason) return callback(null, socket);
      socket.destroy();
      callback(new WebhookTargetForbiddenError(hostname, remote ?? '', reason), null);
    });
  };
}
