import fs from 'node:fs';
import path from 'node:path';
import type { AuthConfig } from '../config';
import type { Logger } from '../logger';
import { type ApiKey, apiKeysFileSchema, hashApiKey, newApiKey, uniqueNames } from './api-keys';
import { EVERY_SCOPE } from './scopes';

/** Name of the key made on first start. */
export const FIRST_KEY_NAME = 'admin';

export class ApiKeysFileError extends Error {}

/**
 * The API keys of this start: `API_KEYS` and `API_KEYS_FILE`; with neither, the key file in the data
 * dir, made on first start with one key for every scope. `announce` receives that key: the only time
 * it exists outside its holder's hands, since only its hash is stored.
 */
export function loadApiKeys(auth: AuthConfig, announce: (key: string, file: string) => void): ApiKey[] {
  if (auth.disabled) return [];
  if (auth.keys.length > 0 || auth.keysFile)
    return uniqueNames([...auth.keys, ...(auth.keysFile ? readKeysFile(auth.keysFile, 'API_KEYS_FILE') : [])]);
  if (fs.existsSync(auth.firstStartFile)) return readKeysFile(auth.firstStartFile, 'the key file made on first start');
  const key = newApiKey();
  const keys: ApiKey[] = [{ name: FIRST_KEY_NAME, scopes: [EVERY_SCOPE], sha256: hashApiKey(key) }];
  fs.mkdirSync(path.dirname(auth.firstStartFile), { recursive: true });
  // `wx`: of two processes starting at once, one makes the key; the other fails to start, and its restart reads the file.
  fs.writeFileSync(auth.firstStartFile, `${JSON.stringify({ keys }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  announce(key, auth.firstStartFile);
  return keys;
}

function readKeysFile(file: string, what: string): ApiKey[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ApiKeysFileError(`${what} ${file} cannot be read: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiKeysFileError(`${what} ${file} is not JSON`);
  }
  const parsed = apiKeysFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiKeysFileError(`${what} ${file} is invalid at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return uniqueNames(parsed.data.keys);
}

/**
 * The API's auth at start: off with a warning (at every start, so it is never forgotten), or the keys
 * of `loadApiKeys`, handing a key made on first start to `announce` (main prints it once, in its start
 * banner), never to the logger.
 */
export function authAtStart(
  auth: AuthConfig,
  logger: Logger,
  announce: (key: string, file: string) => void,
): Pick<AuthConfig, 'disabled' | 'keys' | 'rateLimit'> {
  if (auth.disabled) {
    logger.warn('AUTH_DISABLED=true: every route of the API is open to anyone who can reach it');
    return auth;
  }
  const keys = loadApiKeys(auth, announce);
  logger.info({ keys: keys.map((k) => k.name) }, 'API keys loaded');
  return { ...auth, keys };
}
