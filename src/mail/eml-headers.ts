// Just enough RFC 5322 header reading to name and list captured messages, without pulling a
// full MIME parser into the runtime dependencies.
import { open } from 'node:fs/promises';

// Header blocks are small; attachments after them can be megabytes we never need to read.
const HEADER_READ_LIMIT = 64 * 1024;

/** Headers of an .eml file, keyed by lower-case name (first occurrence wins), values unfolded and decoded. */
export async function readEmlHeaders(path: string): Promise<Map<string, string>> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_READ_LIMIT);
    const { bytesRead } = await file.read(buffer, 0, HEADER_READ_LIMIT, 0);
    return parseHeaders(buffer.subarray(0, bytesRead).toString('latin1'));
  } finally {
    await file.close();
  }
}

export function parseHeaders(raw: string): Map<string, string> {
  const end = raw.search(/\r?\n\r?\n/);
  const block = end === -1 ? raw : raw.slice(0, end);
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8')));
  }
  return headers;
}

// RFC 2047 encoded words (=?UTF-8?Q?Caf=C3=A9?=), which is how nodemailer writes non-ASCII
// subjects and names. Whitespace between two adjacent encoded words is not part of the text.
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g, (word, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
      try {
        return new TextDecoder(charset).decode(bytes);
      } catch {
        return word; // unknown charset: show the word as it was written
      }
    });
}
