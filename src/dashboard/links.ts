/** Dashboard paths built from ids: every id is URL-encoded, so a hostile id cannot become another URL. */
export const jobPath = (id: string): string => `/dashboard/jobs/${encodeURIComponent(id)}`;

/** A dashboard path with a query; empty values are left out. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export const ENDPOINTS_PATH = '/dashboard/endpoints';
export const endpointPath = (id: string): string => `${ENDPOINTS_PATH}/${encodeURIComponent(id)}`;
