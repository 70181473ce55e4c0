/**
 * A value read at scrape time from Temporal or the store, at most once per `maxAgeMs` and within `timeoutMs`:
 * scrapes in between, and concurrent ones, share the last read. A failed read keeps the last good value.
 */
export function scrapeCache<T>(
  read: () => Promise<T>,
  o: { maxAgeMs: number; timeoutMs: number },
): () => Promise<T | undefined> {
  let last: T | undefined;
  let readAt = -Infinity;
  let reading: Promise<T | undefined> | undefined;
  const readOnce = async (): Promise<T | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), o.timeoutMs)),
    );
    try {
      last = await Promise.race([read(), timeout]);
      readAt = Date.now();
    } catch {
      // Temporal or the store is away: the gauges keep their last values (absent before the first good read).
    } finally {
      clearTimeout(timer);
      reading = undefined;
    }
    return last;
  };
  return () => {
    if (Date.now() - readAt < o.maxAgeMs) return Promise.resolve(last);
    return (reading ??= readOnce());
  };
}
