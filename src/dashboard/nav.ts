import type { Scope } from '../security/scopes';

export interface NavItem {
  id: string;
  label: string;
  path: string;
  /** A key needs one of these to open the page (the scopes of the API calls it is built on). */
  scopes: Scope[];
}

/** The dashboard's pages, in menu order. */
export const NAV: readonly NavItem[] = [
  { id: 'overview', label: 'Overview', path: '/dashboard', scopes: ['jobs:read'] },
  { id: 'jobs', label: 'Jobs', path: '/dashboard/jobs', scopes: ['jobs:read'] },
  { id: 'dead-letters', label: 'Dead letters', path: '/dashboard/dead-letters', scopes: ['jobs:read'] },
  { id: 'schedules', label: 'Schedules', path: '/dashboard/schedules', scopes: ['schedules:read', 'jobs:read'] },
  { id: 'endpoints', label: 'Webhook endpoints', path: '/dashboard/endpoints', scopes: ['webhooks:admin'] },
  { id: 'task-types', label: 'Task types', path: '/dashboard/task-types', scopes: ['tasks:admin'] },
  { id: 'audit', label: 'Audit log', path: '/dashboard/audit', scopes: ['audit:read'] },
];

export type NavId = (typeof NAV)[number]['id'];
