// The API_KEYS text is Afterward's own format (name:scope,scope:sha256), so no library parses it: this splits
// it at its colons and zod checks each part, as it checks API_KEYS_FILE.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { GRANTS, type Grant } from './scopes';

/** A key as Afterward keeps it: never the key itself, only its SHA-256. */
export interface ApiKey {
  name: string;
  scopes: readonly Grant[];
  /** Hex SHA-256 of the key. A key holds 256 random bits, so its plain hash cannot be reversed by guessing. */
  sha256: string;
}

const apiKeySchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'a key name is 1-64 letters, digits or _ . @ -'),
  scopes: z
    .array(z.enum(GRANTS as [Grant, ...Grant[]], { error: (issue) => `unknown scope ${JSON.stringify(issue.input)}` }))
    .min(1, 'a key needs at least one scope'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "the hash is the 64 lowercase hex digits of the key's SHA-256"),
});

/** The form of `API_KEYS_FILE`, and of the key file made on first start. */
export const apiKeysFileSchema = z.strictObject({ keys: z.array(apiKeySchema) });

/** `API_KEYS`: `name:scope,scope:sha256` entries separated by `;`. Scopes hold a colon themselves, so the name ends at the first colon and the hash starts after the last. */
export function parseApiKeys(text: string): ApiKey[] {
  const entries = text
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return uniqueNames(
    entries.map((entry, index) => {
      const first = entry.indexOf(':');
      const last = entry.lastIndexOf(':');
      const scopes =
        first < last
          ? entry
              .slice(first + 1, last)
              .split(',')
              .map((s) => s.trim())
          : [];
      const parsed = apiKeySchema.safeParse({
        name: entry.slice(0, Math.max(first, 0)),
        scopes,
        sha256: entry.slice(last + 1),
      });
      if (!parsed.success)
        throw new Error(`key ${index + 1}: ${parsed.error.issues[0]!.message} (the form is name:scope,scope:sha256)`);
      return parsed.data;
    }),
  );
}

/** Two keys under one name would make the audit log's actor ambiguous. */
export function uniqueNames(keys: ApiKey[]): ApiKey[] {
  const seen = new Set<string>();
  for (const { name } of keys) {
    if (seen.has(name)) throw new Error(`two API keys are named ${name}`);
    seen.add(name);
  }
  return keys;
}

/** A new key: `aft_` and 32 random bytes, base64url. */
export function newApiKey(): string {
  return `aft_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Finds the key a bearer token belongs to, comparing its hash with every stored hash in constant time. */
export function createKeyring(keys: readonly ApiKey[]): (token: string) => ApiKey | undefined {
  const stored = keys.map((key) => ({ key, digest: Buffer.from(key.sha256, 'hex') }));
  return (token) => {
    const digest = createHash('sha256').update(token, 'utf8').digest();
    let found: ApiKey | undefined;
    // No early exit: the time taken does not depend on which key, if any, matched.
    for (const { key, digest: candidate } of stored) if (timingSafeEqual(candidate, digest)) found = key;
    return found;
  };
}
