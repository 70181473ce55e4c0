import { createHash } from 'node:crypto';
import type { Context } from 'koa';

export interface LiveOptions {
  /** How often the fragment is rendered again; it is sent only when it changed. */
  intervalMs?: number;
  /** A stream ends after this long and the browser's EventSource reconnects: no connection lives forever. */
  maxMs?: number;
  /** The digest (fragmentDigest) of the fragment the page already shows: it is not sent again. */
  since?: string;
}

/** What a fragment is known by: the id of the event that sent it, and what `since` names. */
export const fragmentDigest = (fragment: string): string => createHash('sha256').update(fragment).digest('base64url');

/** The open streams' closers: a shutdown ends them, since a server only closes once every connection has. */
const openStreams = new Set<() => void>();

/** Ends every live stream now (their browsers reconnect to whichever API process is still serving). */
export function endLiveStreams(): void {
  for (const close of [...openStreams]) close();
}

/**
 * Answers with Server-Sent Events: `render()` is called now and every `intervalMs`, and each HTML fragment that
 * differs from the last one sent goes out as one `message` event (the page's live.js swaps it in). A comment line
 * every 15 s keeps proxies from closing an idle stream. Stops when the browser goes away. Each event's id is its
 * fragment's digest, so a browser reconnecting (Last-Event-ID) is not sent again what it already shows: a region
 * holding a person's input (the job view's controls) is then replaced only when its content really changed.
 */
export function streamFragments(ctx: Context, render: () => Promise<string>, options: LiveOptions = {}): void {
  const intervalMs = options.intervalMs ?? 1000;
  const maxMs = options.maxMs ?? 5 * 60_000;
  ctx.req.socket.setTimeout(0);
  // Written straight to the response: a browser leaving the page is the normal end of a stream, not an error for
  // Koa's stream pipeline to report.
  ctx.respond = false;
  const res = ctx.res;
  res.writeHead(200, {
    ...ctx.response.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no',
  });
  let last = ctx.get('last-event-id') || options.since || '';
  let lastWrite = Date.now();
  let closed = false;
  const started = Date.now();
  const write = (text: string) => {
    lastWrite = Date.now();
    res.write(text);
  };
  const close = () => {
    if (closed) return;
    closed = true;
    openStreams.delete(close);
    res.end();
  };
  openStreams.add(close);
  ctx.res.on('close', close);
  const tick = async (): Promise<void> => {
    if (closed) return;
    try {
      const fragment = await render();
      const digest = fragmentDigest(fragment);
      if (digest !== last) {
        last = digest;
        write(`id: ${digest}\ndata: ${fragment.replace(/\r?\n/g, '\ndata: ')}\n\n`);
      } else if (Date.now() - lastWrite > 15_000) write(': keep-alive\n\n');
    } catch (err) {
      // A failed read (Temporal briefly away) skips one update; the page keeps what it shows and says so.
      write(`event: stale\ndata: ${(err as Error).message.split('\n')[0]}\n\n`);
    }
    if (Date.now() - started > maxMs) return close();
    if (!closed) setTimeout(() => void tick(), intervalMs).unref();
  };
  // The first update right away: what changed between the page's render and the stream's start.
  void tick();
}
