import type { EmailTemplate } from '../../activities/email-templates';

/** A template as the API shows it: an absent part or setting as null, which PATCH takes back to clear it. */
export interface EmailTemplateView {
  id: string;
  name: string;
  description: string | null;
  subject: string;
  text: string | null;
  html: string | null;
  sampleData: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

export const emailTemplateView = (t: EmailTemplate): EmailTemplateView => ({
  id: t.id,
  name: t.name,
  description: t.description ?? null,
  subject: t.subject,
  text: t.text ?? null,
  html: t.html ?? null,
  sampleData: t.sampleData ?? null,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

/** The settings a PATCH leaves: the template's, each field given replacing its own, null removing it. */
export function patchedSettings(t: EmailTemplate, patch: Record<string, unknown>): unknown {
  const { id: _id, createdAt: _c, updatedAt: _u, ...settings } = t;
  const merged: Record<string, unknown> = { ...settings, ...patch };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null));
}
