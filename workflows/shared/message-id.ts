/**
 * The stable `Message-ID` of an email job: `<job id@domain>`, the same on every attempt. A schedule's
 * runs have ids like `email-sched-digest-2027-03-15T13:00:00Z`; characters a Message-ID may not
 * carry (RFC 5322 dot-atom: no `:`) become `-`. Ordinary job ids pass through unchanged.
 */
export function emailMessageId(jobId: string, domain: string): string {
  return `<${jobId.replace(/[^A-Za-z0-9_-]/g, '-')}@${domain}>`;
}
