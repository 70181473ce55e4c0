import { z } from 'zod';

/** GET /v1/email-templates query parameters. */
export const emailTemplateListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be a cursor from a previous page')
    .optional(),
});

/** The cursor of the page after the template named `lastName`. */
export const cursorAfter = (lastName: string | null): string | null =>
  lastName === null ? null : Buffer.from(lastName, 'utf8').toString('base64url');

/** The name a cursor continues after. */
export const nameAfter = (cursor: string | undefined): string | undefined =>
  cursor === undefined ? undefined : Buffer.from(cursor, 'base64url').toString('utf8');
