// Each kind's line in Temporal's UI and CLI (a workflow's static summary), from the job's redacted summary (its
// memo `input`): counts, names and subjects, never addresses or payloads. Pure code: the workflows that start
// jobs (a sequence's steps, a fan-out's deliveries) say what each is as the API does.

/** At most this many characters of one line: longer text ends in `…`. */
export function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
const quoted = (text: string): string => `"${clip(text, 48)}"`;

/** An email's summary: counts and the subject. */
export interface EmailSummary {
  recipients: number;
  subject: string;
  attachments: number;
}

export function emailSummary(message: {
  to: readonly string[];
  cc?: readonly string[];
  bcc?: readonly string[];
  subject: string;
  attachments?: readonly unknown[];
}): EmailSummary {
  return {
    recipients: message.to.length + (message.cc?.length ?? 0) + (message.bcc?.length ?? 0),
    subject: message.subject,
    attachments: message.attachments?.length ?? 0,
  };
}

export const emailLine = (s: EmailSummary): string =>
  [
    count(s.recipients, 'recipient'),
    quoted(s.subject),
    ...(s.attachments ? [count(s.attachments, 'attachment')] : []),
  ].join(' · ');

/** A delivery names its endpoint; a schedule's fan-out, the subscribed endpoints unless it names one. */
export const webhookLine = (s: { event: string; endpointId?: string }): string =>
  `${clip(s.event, 64)} → ${s.endpointId ?? 'subscribed endpoints'}`;

export const taskLine = (s: { type: string }): string => s.type;

export const pingLine = (s: { message: string }): string => quoted(s.message);

export const auditLine = (s: { action: string; resource: string }): string =>
  `${clip(s.action, 48)} ${clip(s.resource, 48)}`;

export const sequenceLine = (s: { steps: readonly string[] }): string =>
  `${count(s.steps.length, 'step')}: ${s.steps.join(' → ')}`;
