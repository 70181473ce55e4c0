// What the email batch tests share: posting a batch of n recipients, waiting for it, and reading the sink.
import assert from 'node:assert/strict';
import type { SmtpSink } from '../helpers/smtp-sink';
import type { TestApi } from '../helpers/api';
import { waitFor } from '../helpers/wait-for';

export interface BatchOptions {
  ratePerSecond?: number;
  /** Each recipient's fields beyond `to` and `data`, by index (a sendAt). */
  extra?: (index: number) => Record<string, unknown>;
}

/** A request for `n` recipients r<i>@example.com, each greeted by name. */
export function batchRequest(n: number, o: BatchOptions = {}) {
  return {
    template: { subject: 'Hello {{ name }}', text: 'Dear {{ name }}, number {{ n }}.' },
    recipients: Array.from({ length: n }, (_, i) => ({
      to: `r${i}@example.com`,
      data: { name: `R${i}`, n: i },
      ...o.extra?.(i),
    })),
    ...(o.ratePerSecond ? { ratePerSecond: o.ratePerSecond } : {}),
  };
}

export async function postBatch(api: TestApi, n: number, o: BatchOptions = {}): Promise<string> {
  const r = await api.request('POST', '/v1/email-batches', batchRequest(n, o));
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.match(r.body.id, /^batch-/);
  return r.body.id as string;
}

/** The job once it has closed. */
export async function closedBatch(api: TestApi, id: string, timeoutMs = 60_000): Promise<any> {
  return waitFor(
    async () => {
      const { body } = await api.request('GET', `/v1/jobs/${id}?wait=5s`);
      return body.closedAt !== null && body;
    },
    { timeoutMs, intervalMs: 100, what: `batch ${id} to close` },
  );
}

/** Every recipient of the batch, through the paged listing. */
export async function allRecipients(api: TestApi, id: string, status?: string): Promise<any[]> {
  const all: any[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '1000', ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
    const { status: code, body } = await api.request('GET', `/v1/jobs/${id}/recipients?${query}`);
    assert.equal(code, 200, JSON.stringify(body));
    all.push(...body.recipients);
    cursor = body.nextCursor;
  } while (cursor);
  return all;
}

/** How many messages the sink holds under each Message-ID of the batch. */
export function deliveriesById(sink: SmtpSink, id: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of sink.messages) {
    const messageId = m.parsed.messageId ?? '';
    if (messageId.startsWith(`<${id}-`)) counts.set(messageId, (counts.get(messageId) ?? 0) + 1);
  }
  return counts;
}
