// The email_templates table as Kysely sees it, and its rows as EmailTemplates.
import type { Selectable } from 'kysely';
import type { EmailTemplate, EmailTemplateSettings } from '../../email-templates/email-template';

export interface EmailTemplatesTable {
  id: string;
  name: string;
  description: string | null;
  subject: string;
  text: string | null;
  html: string | null;
  /** JSON text of an object. */
  sample_data: string | null;
  created_at: string;
  updated_at: string;
}

// A type, not an interface: Kysely's withTables wants an index-signature-compatible shape.
export type EmailTemplateSchema = {
  email_templates: EmailTemplatesTable;
};

/** The columns that hold `settings`: absent optional settings are null. */
export function settingsColumns(
  settings: EmailTemplateSettings,
): Omit<EmailTemplatesTable, 'id' | 'created_at' | 'updated_at'> {
  return {
    name: settings.name,
    description: settings.description ?? null,
    subject: settings.subject,
    text: settings.text ?? null,
    html: settings.html ?? null,
    sample_data: settings.sampleData === undefined ? null : JSON.stringify(settings.sampleData),
  };
}

const optional = <K extends string, V>(key: K, value: V | null): Partial<Record<K, V>> =>
  value === null ? {} : ({ [key]: value } as Record<K, V>);

export function toEmailTemplate(row: Selectable<EmailTemplatesTable>): EmailTemplate {
  return {
    id: row.id,
    name: row.name,
    ...optional('description', row.description),
    subject: row.subject,
    ...optional('text', row.text),
    ...optional('html', row.html),
    ...optional(
      'sampleData',
      row.sample_data === null ? null : (JSON.parse(row.sample_data) as Record<string, unknown>),
    ),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
