import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readEmlHeaders } from './eml-headers';

export interface OutboxEntry {
  /** File name inside the outbox directory. */
  file: string;
  path: string;
  /** The Date header, or when the file was written if the header is missing or unreadable. */
  date: Date;
  subject: string;
  /** The To header as written, e.g. `Ada <ada@example.com>, bob@example.com`. */
  to: string;
  messageId: string | undefined;
}

/** The newest captured messages first; an outbox that does not exist yet is empty. */
export async function listOutbox(dir: string, { limit = 50 }: { limit?: number } = {}): Promise<OutboxEntry[]> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  // Names start with an ISO timestamp, so name order is arrival order.
  const newest = names
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .reverse()
    .slice(0, limit);
  const entries = await Promise.all(newest.map((file) => describe(dir, file).catch(skipIfDeleted)));
  return entries.filter((entry) => entry !== undefined);
}

// Someone may clear the outbox while we read it.
function skipIfDeleted(err: NodeJS.ErrnoException): undefined {
  if (err.code === 'ENOENT') return undefined;
  throw err;
}

async function describe(dir: string, file: string): Promise<OutboxEntry> {
  const path = join(dir, file);
  const headers = await readEmlHeaders(path);
  const dated = new Date(headers.get('date') ?? Number.NaN);
  return {
    file,
    path,
    date: Number.isNaN(dated.getTime()) ? (await stat(path)).mtime : dated,
    subject: headers.get('subject') ?? '',
    to: headers.get('to') ?? '',
    messageId: headers.get('message-id'),
  };
}
