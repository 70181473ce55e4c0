// Captured messages are named and listed from their headers, read by postal-mime: unfolding, raw
// UTF-8 (RFC 6532) and RFC 2047 encoded words (=?UTF-8?Q?Caf=C3=A9?=, how nodemailer writes
// non-ASCII subjects and names).
import { open } from 'node:fs/promises';
import PostalMime, { decodeWords } from 'postal-mime';

// Header blocks are small; attachments after them can be megabytes we never need to read.
const HEADER_READ_LIMIT = 64 * 1024;

/** Headers of an .eml file, keyed by lower-case name (first occurrence wins), values unfolded and decoded. */
export async function readEmlHeaders(path: string): Promise<Map<string, string>> {
  const file = await open(path, 'r');
  let start: Buffer;
  try {
    const buffer = Buffer.alloc(HEADER_READ_LIMIT);
    const { bytesRead } = await file.read(buffer, 0, HEADER_READ_LIMIT, 0);
    start = buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
  const headers = new Map<string, string>();
  for (const { key, value } of (await PostalMime.parse(start)).headers) {
    if (!headers.has(key)) headers.set(key, decodeWords(value));
  }
  return headers;
}
