// The three calls an app makes about an async task it answered 202 for. The key needs only `tasks:complete`.

export interface Attempt {
  jobId: string;
  /** The afterward-attempt header: a late answer to an earlier attempt is then refused, never applied to a later one. */
  attempt: number;
}

export function afterwardClient(baseUrl: string, apiKey: string) {
  const post = async (path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const response = await fetch(`${baseUrl.replace(/\/$/, '')}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  return {
    /** Also the heartbeat: answers whether the job was cancelled, and then the task should stop. */
    progress: async ({ jobId, attempt }: Attempt, progress: unknown) =>
      (await post(`/v1/jobs/${jobId}/progress`, { progress, attempt })).cancelRequested === true,
    complete: ({ jobId, attempt }: Attempt, result: unknown) => post(`/v1/jobs/${jobId}/complete`, { result, attempt }),
    /** Not retried unless `retryable`; after a cancellation it acknowledges it (the job ends cancelled). */
    fail: ({ jobId, attempt }: Attempt, message: string, retryable = false) =>
      post(`/v1/jobs/${jobId}/fail`, { error: { message, retryable }, attempt }),
  };
}
