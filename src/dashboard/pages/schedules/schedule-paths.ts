export const SCHEDULES_PATH = '/dashboard/schedules';

/** The dashboard page of one schedule; the id is URL-encoded like every id in a dashboard path. */
export const schedulePath = (id: string): string => `${SCHEDULES_PATH}/${encodeURIComponent(id)}`;
