import path from 'node:path';
import { parseApiKeys } from '../security/api-keys';
import type { Env } from './read-env';
import { duration } from './duration';
import { bool, count, optionalString, parsedWith, positiveInt } from './values';

export const authVariables = {
  AUTH_DISABLED: bool
    .default(false)
    .describe('`true` opens every route without a key, with a warning at every start (see [Security](security.md))'),
  API_KEYS: parsedWith(parseApiKeys)
    .optional()
    .describe('API keys as `name:scope,scope:sha256;…` (only hashes, see [Security](security.md))'),
  API_KEYS_FILE: optionalString.describe(
    'a JSON file of keys, `{"keys":[{"name","scopes","sha256"}]}`; with neither this nor `API_KEYS`, the key file made on first start, `$AFTERWARD_DATA_DIR/api-keys.json`',
  ),
  RATE_LIMIT_PER_SECOND: positiveInt
    .default(50)
    .describe('requests per second per API key (per client address with auth off); over it, `429` with `Retry-After`'),
  RATE_LIMIT_BURST: count.default(100).describe('extra requests a key may make in any 10 s on top of that'),
  DASHBOARD_SESSION_TTL: duration({ default: '8h' }).describe(
    'a dashboard sign-in lasts this long; then the key is asked for again',
  ),
};

export const readAuth = (e: Env<typeof authVariables>, dataDir: string) => ({
  auth: {
    disabled: e.AUTH_DISABLED,
    keys: e.API_KEYS ?? [],
    keysFile: e.API_KEYS_FILE && path.resolve(e.API_KEYS_FILE),
    firstStartFile: path.join(dataDir, 'api-keys.json'),
    rateLimit: { perSecond: e.RATE_LIMIT_PER_SECOND, burst: e.RATE_LIMIT_BURST },
    dashboardSessionMs: e.DASHBOARD_SESSION_TTL,
  },
});
