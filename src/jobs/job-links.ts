import type { JobLinkBuilder } from './job-view';

export function createJobLinks(o: { publicUrl: string; temporalUiUrl: string; namespace: string }): JobLinkBuilder {
  const api = o.publicUrl.replace(/\/$/, '');
  const ui = o.temporalUiUrl.replace(/\/$/, '');
  return {
    self: (id) => `${api}/v1/jobs/${encodeURIComponent(id)}`,
    temporalUi: (id, runId) =>
      `${ui}/namespaces/${encodeURIComponent(o.namespace)}/workflows/${encodeURIComponent(id)}${runId ? `/${runId}/history` : ''}`,
    schedule: (id) => `${api}/v1/schedules/${encodeURIComponent(id)}`,
    scheduleUi: (id) => `${ui}/namespaces/${encodeURIComponent(o.namespace)}/schedules/${encodeURIComponent(id)}`,
  };
}
