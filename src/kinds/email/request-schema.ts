import { z } from 'zod';
import { startOptions, waitOptions } from '../start-options';

export interface EmailLimits {
  maxBodyBytes: number;
  maxAttachmentBytes: number;
}

const address = z.email({ message: 'must be an email address' });
const NAMED_ADDRESS = /^\s*"?([^"<>\r\n]{0,200})"?\s*<([^<>\s]+)>\s*$/;

/** `alice@example.com` or `Alice Liddell <alice@example.com>`. */
const mailbox = z.string().max(320).refine((value) => {
  const named = NAMED_ADDRESS.exec(value);
  return address.safeParse(named ? named[2] : value).success;
}, 'must be an email address, optionally with a display name: "Name <address>"');

const noLineBreaks = (what: string) => z.string().refine((v) => !/[\r\n]/.test(v), `${what} must not contain line breaks`);

// Headers that nodemailer sets from the job itself; letting callers override them would break threading or routing.
const RESERVED_HEADERS = new Set(['from', 'to', 'cc', 'bcc', 'reply-to', 'subject', 'message-id', 'date', 'content-type', 'content-transfer-encoding', 'mime-version']);
const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,76}$/, 'must be a header field name')
  .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'is set by Afterward and cannot be overridden');

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const attachment = z.strictObject({
  filename: z.string().min(1).max(255).regex(/^[^/\\\0\r\n]+$/, 'must be a plain file name'),
  contentType: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'must be a MIME type').optional(),
  contentBase64: z.string().regex(BASE64, 'must be base64'),
});

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');
const decodedLength = (base64: string): number => Math.floor((base64.length * 3) / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0);

/** POST /v1/emails. Every rule names its field, so a 400 says exactly what to fix. */
export function emailRequestSchema(limits: EmailLimits) {
  const body = (name: string) => z.string().refine((v) => byteLength(v) <= limits.maxBodyBytes, `${name} is larger than ${limits.maxBodyBytes} bytes`);
  return z
    .strictObject({
      to: z.array(address).min(1, 'needs at least one recipient').max(50, 'at most 50 recipients'),
      cc: z.array(address).max(50).optional(),
      bcc: z.array(address).max(50).optional(),
      from: mailbox.optional(),
      replyTo: mailbox.optional(),
      subject: noLineBreaks('subject').pipe(z.string().min(1, 'must not be empty').max(998)),
      text: body('text').optional(),
      html: body('html').optional(),
      headers: z.record(headerName, noLineBreaks('a header value').pipe(z.string().max(998))).optional(),
      attachments: z.array(attachment).max(10).optional(),
      ...waitOptions,
      ...startOptions,
    })
    .superRefine((v, ctx) => {
      if (v.text === undefined && v.html === undefined) ctx.addIssue({ code: 'custom', path: ['text'], message: 'text or html is required' });
      if (v.sendAt !== undefined && v.delay !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['delay'], message: 'give sendAt or delay, not both' });
      }
      const attached = (v.attachments ?? []).reduce((sum, a) => sum + decodedLength(a.contentBase64), 0);
      if (attached > limits.maxAttachmentBytes) {
        ctx.addIssue({ code: 'custom', path: ['attachments'], message: `attachments total ${attached} bytes, more than ${limits.maxAttachmentBytes}` });
      }
    });
}

export type EmailRequest = z.infer<ReturnType<typeof emailRequestSchema>>;

