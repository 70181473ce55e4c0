import { createHash, randomBytes } from 'node:crypto';

/**
 * A fresh API key with every scope for an Afterward process this script starts: the key to send as
 * `Authorization: Bearer <key>`, and the environment that makes the process accept it (API_KEYS holds
 * only its SHA-256) under `name`, which the dashboard shows as who is signed in. The per-key rate limit
 * is raised far above what the scripts send.
 */
export function scriptApiKey(name = 'bench'): { key: string; env: Record<string, string> } {
  const key = `bench-${randomBytes(24).toString('base64url')}`;
  return {
    key,
    env: {
      API_KEYS: `${name}:*:${createHash('sha256').update(key).digest('hex')}`,
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    },
  };
}
