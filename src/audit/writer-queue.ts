import type { AuditEventInput } from '../../activities/audit-log';
import { MAX_AUDIT_PAYLOAD_BYTES, MAX_AUDIT_PAYLOAD_EVENTS, jsonBytes } from '../../workflows/shared/audit-limits';

interface Waiting {
  events: AuditEventInput[];
  bytes: number;
  resolve(): void;
  reject(err: unknown): void;
}

export type SendToWriter = (events: AuditEventInput[]) => Promise<void>;

/** A writer's queue: sends as SendToWriter does, and says how many events wait in it or in its signal under way. */
export type WriterQueue = SendToWriter & { pendingEvents(): number };

/**
 * The way to one writer workflow. While a signal is in flight, the events of other requests wait
 * and then go together in the next signal (up to one payload's worth), so the API sends far fewer
 * signals than it receives requests. Each caller resolves only once the signal carrying its events
 * has been persisted, and fails with it (every event in it may be sent again: ids make that safe).
 */
export function createWriterQueue(send: SendToWriter): WriterQueue {
  const waiting: Waiting[] = [];
  let sending = false;
  let pending = 0;
  const pump = async (): Promise<void> => {
    sending = true;
    while (waiting.length > 0) {
      const group = nextGroup(waiting);
      const events = group.flatMap((w) => w.events);
      try {
        await send(events);
        for (const w of group) w.resolve();
      } catch (err) {
        for (const w of group) w.reject(err);
      } finally {
        pending -= events.length;
      }
    }
    sending = false;
  };
  const queue = (events: AuditEventInput[]) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ events, bytes: jsonBytes(events), resolve, reject });
      pending += events.length;
      if (!sending) void pump();
    });
  return Object.assign(queue, { pendingEvents: () => pending });
}

/** The first waiting requests that fit in one payload together (always at least one). */
function nextGroup(waiting: Waiting[]): Waiting[] {
  let events = 0;
  let bytes = 0;
  let count = 0;
  for (const w of waiting) {
    if (count > 0 && (events + w.events.length > MAX_AUDIT_PAYLOAD_EVENTS || bytes + w.bytes > MAX_AUDIT_PAYLOAD_BYTES))
      break;
    events += w.events.length;
    bytes += w.bytes;
    count++;
  }
  return waiting.splice(0, count);
}
