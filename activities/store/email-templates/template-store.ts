// Email templates in the project's own database (the audit log's SQLite or PostgreSQL).
import type { AuditDatabase } from '..';
import { newUlid } from '../../ids';
import { EMAIL_TEMPLATE_ID_PREFIX, type EmailTemplateStore } from '../../email-templates/email-template';
import { EmailTemplateExistsError } from '../../email-templates/email-template-exists-error';
import { type EmailTemplateSchema, settingsColumns, toEmailTemplate } from './template-row';

export interface EmailTemplateStoreOptions {
  now?: () => Date;
}

/** The database refused a second row with the same name (PostgreSQL's unique_violation, SQLite's UNIQUE constraint). */
const isNameTaken = (err: unknown): boolean => {
  const code = (err as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
};

export function createEmailTemplateStore(
  database: AuditDatabase,
  options: EmailTemplateStoreOptions = {},
): EmailTemplateStore {
  const db = database.db.withTables<EmailTemplateSchema>();
  const clock = options.now ?? (() => new Date());
  const templates = () => db.selectFrom('email_templates').selectAll();

  return {
    async create(settings) {
      const now = clock().toISOString();
      const created = await db
        .insertInto('email_templates')
        .values({
          id: `${EMAIL_TEMPLATE_ID_PREFIX}${newUlid().toLowerCase()}`,
          ...settingsColumns(settings),
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.column('name').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (created === undefined) throw new EmailTemplateExistsError(settings.name);
      return toEmailTemplate(created);
    },

    async get(idOrName) {
      const column = idOrName.startsWith(EMAIL_TEMPLATE_ID_PREFIX) ? 'id' : 'name';
      const found = await templates().where(column, '=', idOrName).executeTakeFirst();
      return found && toEmailTemplate(found);
    },

    async list({ limit, after }) {
      const rows = await (after === undefined ? templates() : templates().where('name', '>', after))
        .orderBy('name')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      return {
        templates: page.map(toEmailTemplate),
        lastName: rows.length > limit ? page.at(-1)!.name : null,
      };
    },

    async replace(id, settings) {
      try {
        const replaced = await db
          .updateTable('email_templates')
          .set({ ...settingsColumns(settings), updated_at: clock().toISOString() })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        return replaced && toEmailTemplate(replaced);
      } catch (err) {
        if (isNameTaken(err)) throw new EmailTemplateExistsError(settings.name);
        throw err;
      }
    },

    async remove(id) {
      const deleted = await db.deleteFrom('email_templates').where('id', '=', id).executeTakeFirst();
      return deleted.numDeletedRows > 0n;
    },
  };
}
