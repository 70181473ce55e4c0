import { createHash } from 'node:crypto';

// Temporal answers a malformed page token with a retryable UNKNOWN error, so tokens are checked
// here first: a cursor carries a digest binding it to the query it continues.
const digest = (query: string, token: Buffer): string => createHash('sha256').update(query).update(token).digest('base64url').slice(0, 16);

export function encodeCursor(query: string, token: Uint8Array): string {
  const buffer = Buffer.from(token);
  return `${buffer.toString('base64url')}.${digest(query, buffer)}`;
}

/** The page token inside a cursor, or undefined when the cursor was not issued for this query. */
export function decodeCursor(query: string, cursor: string): Buffer | undefined {
  const [encoded, check] = cursor.split('.');
  if (!encoded || !check) return undefined;
  const token = Buffer.from(encoded, 'base64url');
  return digest(query, token) === check ? token : undefined;
}
