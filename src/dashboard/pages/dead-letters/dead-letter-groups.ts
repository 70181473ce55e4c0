import type { JobError } from '../../../jobs/job-error';
import type { JobStatus } from '../../../jobs/job-status';

/** A dead job as the view lists it: its latest run, which failed or timed out, and what it failed with. */
export interface DeadLetter {
  id: string;
  kind: string;
  runId: string;
  status: JobStatus;
  closedAt: string | null;
  input: unknown;
  error: JobError | null;
}

/** The dead letters of one kind that failed the same way. */
export interface DeadLetterGroup {
  key: string;
  kind: string;
  errorType: string;
  /** The protocol code's class, e.g. "5xx" for an SMTP 550 or an HTTP 500; absent when the failure had no code. */
  codeClass?: string;
  jobs: DeadLetter[];
}

/** The failure's type (SmtpPermanentFailure, WebhookRetriesExhausted, …); a run that timed out has none of its own. */
export function errorTypeOf(letter: Pick<DeadLetter, 'status' | 'error'>): string {
  if (letter.error?.type) return letter.error.type;
  return letter.status === 'timed_out' ? 'TimedOut' : 'Unclassified';
}

/** SMTP replies and HTTP statuses by class (550 and 554 are both "5xx"); any other code as it is. */
export function codeClass(error: JobError | null): string | undefined {
  const code = error?.code ?? error?.cause?.code;
  if (code === undefined) return undefined;
  return typeof code === 'number' && code >= 100 && code < 600 ? `${Math.floor(code / 100)}xx` : String(code);
}

/** Groups by kind, failure type and code class; the largest group first, each group's jobs in the order given. */
export function groupDeadLetters(letters: readonly DeadLetter[]): DeadLetterGroup[] {
  const groups = new Map<string, DeadLetterGroup>();
  for (const letter of letters) {
    const errorType = errorTypeOf(letter);
    const code = codeClass(letter.error);
    const key = [letter.kind, errorType, code ?? ''].join('|');
    let group = groups.get(key);
    if (!group) {
      group = { key, kind: letter.kind, errorType, ...(code ? { codeClass: code } : {}), jobs: [] };
      groups.set(key, group);
    }
    group.jobs.push(letter);
  }
  return [...groups.values()].sort((a, b) => b.jobs.length - a.jobs.length || a.key.localeCompare(b.key));
}
