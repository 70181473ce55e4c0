import { createHash } from 'node:crypto';
import { z } from 'zod';

// Temporal answers a malformed page token with a retryable UNKNOWN error, so tokens are checked
// here first: a cursor carries a digest binding it to the query it continues.
/** A cursor that no page of this listing issued: a client error, answered before Temporal sees it. */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not from a previous page of this listing');
  }
}

const digest = (query: string, token: Buffer): string =>
  createHash('sha256').update(query).update(token).digest('base64url').slice(0, 16);

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

/** The page token a request continues from: none without a cursor; a cursor not issued for this query throws. */
export function pageTokenOf(query: string, cursor: string | undefined): Buffer | undefined {
  if (cursor === undefined) return undefined;
  const token = decodeCursor(query, cursor);
  if (!token) throw new InvalidCursorError();
  return token;
}

/** The cursor of the next page, or null on the last page (Temporal answers an empty token). */
export const nextCursorOf = (query: string, token: Uint8Array | null | undefined): string | null =>
  token && token.length > 0 ? encodeCursor(query, token) : null;

/** `cursor`: the `nextCursor` of a previous page (a Temporal page token and the digest binding it to its query). */
export const pageCursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{16}$/, 'must be a cursor from a previous page');
