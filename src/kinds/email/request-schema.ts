import { z } from 'zod';
import { startOptions, waitOptions } from '../start-options';

export interface EmailLimits {
  maxBodyBytes: number;
  maxAttachmentBytes: number;
}

const address = z.email({ message: 'must be an email address' });
// A display name, bare or in double quotes, then the address in angle brackets. Quotes, backslashes and
// control characters inside a name are refused rather than escaped: no real name needs them.
const NAMED_ADDRESS = /^\s*(?:"([^"\\\x00-\x1f\x7f]{0,200})"|([^"\\<>\x00-\x1f\x7f]{0,200}?))\s*<([^<>\s]+)>\s*$/;
// RFC 5322 specials: a name holding one is one phrase only when quoted ("Lovelace, Ada" is a name, not two mailboxes).
const SPECIALS = /[()<>[\]:;@\\,."]/;

/** The display name (empty when none) and the address of `value`, or undefined when it is not one mailbox. */
function parseMailbox(value: string): { name: string; address: string } | undefined {
  const named = NAMED_ADDRESS.exec(value);
  const bare = named ? named[3]! : value;
  if (!address.safeParse(bare).success) return undefined;
  return { name: (named?.[1] ?? named?.[2] ?? '').trim(), address: bare };
}

/**
 * One mailbox, in every address field (to, cc, bcc, from, replyTo): `ada@example.com` or
 * `Ada Lovelace <ada@example.com>`, with the name in double quotes when it holds a comma or other
 * specials. Normalised to the address alone or `Name <address>` (quoted when needed), which nodemailer
 * reads as exactly one mailbox: the header keeps the name, the SMTP envelope gets the bare address.
 * A refinement, then a transform: a bad address is reported with every other bad field of the request.
 */
const mailbox = z
  .string()
  .max(320)
  .refine(
    (value) => parseMailbox(value) !== undefined,
    'must be an email address, optionally with a display name: "Name <address>"',
  )
  .transform((value) => {
    const { name, address } = parseMailbox(value)!;
    if (name === '') return address;
    return `${SPECIALS.test(name) ? `"${name}"` : name} <${address}>`;
  });

const noLineBreaks = (what: string) =>
  z.string().refine((v) => !/[\r\n]/.test(v), `${what} must not contain line breaks`);

// Headers that nodemailer sets from the job itself; letting callers override them would break threading or routing.
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'date',
  'content-type',
  'content-transfer-encoding',
  'mime-version',
]);
const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,76}$/, 'must be a header field name')
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'is set by Afterward and cannot be overridden');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const attachment = z.strictObject({
  filename: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^/\\\0\r\n]+$/, 'must be a plain file name'),
  contentType: z
    .string()
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type')
    .optional(),
  contentBase64: z.string().regex(BASE64, 'must be base64'),
});

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');
const decodedLength = (base64: string): number =>
  Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);

/** An email's fields; its subject and bodies are what a template renders instead. */
function emailFields(limits: EmailLimits) {
  const body = (name: string) =>
    z
      .string()
      .refine((v) => byteLength(v) <= limits.maxBodyBytes, `${name} is larger than ${limits.maxBodyBytes} bytes`);
  return {
    to: z.array(mailbox).min(1, 'needs at least one recipient').max(50, 'at most 50 recipients'),
    cc: z.array(mailbox).max(50).optional(),
    bcc: z.array(mailbox).max(50).optional(),
    from: mailbox.optional(),
    replyTo: mailbox.optional(),
    subject: noLineBreaks('subject').pipe(z.string().min(1, 'must not be empty').max(998)),
    text: body('text').optional(),
    html: body('html').optional(),
    headers: z.record(headerName, noLineBreaks('a header value').pipe(z.string().max(998))).optional(),
    attachments: z.array(attachment).max(10).optional(),
    ...waitOptions,
    ...startOptions,
  };
}

type EmailFields = { [F in keyof ReturnType<typeof emailFields>]: z.infer<ReturnType<typeof emailFields>[F]> };

/** The checks across fields of every email, templated or not. */
function checkEnvelope(v: Partial<EmailFields>, ctx: z.RefinementCtx, limits: EmailLimits): void {
  if (v.sendAt !== undefined && v.delay !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['delay'], message: 'give sendAt or delay, not both' });
  }
  const attached = (v.attachments ?? []).reduce((sum, a) => sum + decodedLength(a.contentBase64), 0);
  if (attached > limits.maxAttachmentBytes) {
    ctx.addIssue({
      code: 'custom',
      path: ['attachments'],
      message: `attachments total ${attached} bytes, more than ${limits.maxAttachmentBytes}`,
    });
  }
}

const needsBody = (v: { text?: string; html?: string }, ctx: z.RefinementCtx): void => {
  if (v.text === undefined && v.html === undefined)
    ctx.addIssue({ code: 'custom', path: ['text'], message: 'text or html is required' });
};

/** An email with its subject and bodies: what a job sends, and what schedules and sequence steps take. */
export function emailRequestSchema(limits: EmailLimits) {
  return z.strictObject(emailFields(limits)).superRefine((v, ctx) => {
    needsBody(v, ctx);
    checkEnvelope(v, ctx, limits);
  });
}

export type EmailRequest = z.infer<ReturnType<typeof emailRequestSchema>>;

/** The same email with a stored template, by id or name, and the data it renders with, instead of a subject and bodies. */
export type TemplatedEmailRequest = Omit<EmailRequest, 'subject' | 'text' | 'html'> & {
  template: string;
  data?: Record<string, unknown>;
};

export type EmailStartRequest = EmailRequest | TemplatedEmailRequest;

export const isTemplated = (request: EmailStartRequest): request is TemplatedEmailRequest =>
  (request as Partial<TemplatedEmailRequest>).template !== undefined;

const BODY_FIELDS = ['subject', 'text', 'html'] as const;

/**
 * POST /v1/emails: a subject with text and/or html, or a `template` and its `data`, exactly one of the two.
 * Every rule names its field, so a 400 says exactly what to fix.
 */
export function emailStartSchema(limits: EmailLimits): z.ZodType<EmailStartRequest> {
  const fields = emailFields(limits);
  return (
    z
      .strictObject({
        ...fields,
        subject: fields.subject.optional().describe('Required unless `template` is given'),
        template: z
          .string()
          .min(1)
          .max(128)
          .optional()
          .describe("A stored email template's id or name, rendered with `data`, instead of subject, text and html"),
        data: z.record(z.string(), z.unknown()).optional().describe("The template's variables"),
      })
      // Which form the request takes is told even when other fields are wrong (an unknown field stops zod's
      // refinements), as a missing subject was when it was a required field: it only looks at which fields are present.
      .superRefine(
        (v, ctx) => {
          if (v.template === undefined) {
            if (v.subject === undefined)
              ctx.addIssue({ code: 'custom', path: ['subject'], message: 'is required (or give a template)' });
            if (v.data !== undefined)
              ctx.addIssue({ code: 'custom', path: ['data'], message: "is a template's data: give template too" });
            needsBody(v, ctx);
          } else {
            for (const field of BODY_FIELDS)
              if (v[field] !== undefined)
                ctx.addIssue({
                  code: 'custom',
                  path: [field],
                  message: 'comes from the template: give template and data, or subject and text/html, not both',
                });
          }
        },
        { when: ({ value }) => typeof value === 'object' && value !== null && !Array.isArray(value) },
      )
      .superRefine((v, ctx) => checkEnvelope(v, ctx, limits)) as unknown as z.ZodType<EmailStartRequest>
  );
}
