// What Temporal's UI and CLI show for a workflow beside its id and type: a one-line static summary and a few
// Markdown lines of static details, set when it starts. Pure code, used by the API and by workflows that start
// jobs alike. Values come from a job's redacted summary (never payloads, bodies or addresses); text a request
// gave is escaped, so it reads as text in the UI's Markdown.
import { clip } from './summary-lines';

export interface WorkflowMetadata {
  staticSummary: string;
  staticDetails: string;
}

const MAX_SUMMARY = 120;
const MAX_VALUE = 200;

// The Temporal UI renders both as Markdown, HTML included. Escaped with a backslash, these characters read as
// themselves (the UI's renderer honours these escapes, not CommonMark's every one: `\=` shows its backslash).
/** In the details: no tag, link, autolink, emphasis, heading or list survives. */
const escapeMarkdown = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>~:]/g, '\\$&');
/** In the one-line summary, which the CLI shows as is: only what makes a tag, a link or emphasis. */
const escapeInline = (text: string): string => text.replace(/[\\`*[\]<>]/g, '\\$&');

const valueText = (value: unknown): string => {
  const text = Array.isArray(value)
    ? value.map(String).join(', ')
    : typeof value === 'object' && value !== null
      ? JSON.stringify(value)
      : String(value);
  return escapeMarkdown(clip(text, MAX_VALUE));
};

/** One `- **label**: value` line per fact given, in order; undefined and empty ones are left out. */
function factLines(facts: Record<string, unknown>): string[] {
  return Object.entries(facts)
    .filter(([, value]) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0))
    .map(([label, value]) => `- **${escapeMarkdown(label)}**: ${valueText(value)}`);
}

export interface JobMetadataFacts {
  kind: string;
  /** The kind's summary line (summary-lines.ts). */
  line: string;
  /** The job's redacted summary, the memo's `input`: each field becomes a line of the details. */
  summary?: unknown;
  tags?: readonly string[];
  /** Where the job comes from (`schedule`, `sequence`, `retry of`, `request`…): lines after the summary's. */
  origin?: Record<string, unknown>;
  /** Leads the summary, before the kind (a sequence's `step 2`). */
  prefix?: string;
}

/** `email · 1 recipient · "Welcome"`, and the details: the kind, the summary's fields, tags, where it comes from. */
export function jobMetadata(f: JobMetadataFacts): WorkflowMetadata {
  const summary = typeof f.summary === 'object' && f.summary !== null ? (f.summary as Record<string, unknown>) : {};
  return {
    staticSummary: escapeInline(clip([...(f.prefix ? [f.prefix] : []), f.kind, f.line].join(' · '), MAX_SUMMARY)),
    staticDetails: [
      `**Afterward ${escapeMarkdown(f.kind)} job**`,
      '',
      ...factLines({ ...summary, tags: f.tags, ...f.origin }),
    ].join('\n'),
  };
}

/** Afterward's own housekeeping (src/jobs/internal-workflows.ts): `internal · <what it does>`. */
export function internalMetadata(what: string, facts: Record<string, unknown> = {}): WorkflowMetadata {
  return {
    staticSummary: escapeInline(clip(`internal · ${what}`, MAX_SUMMARY)),
    staticDetails: [
      '**Afterward internal workflow**: not a job. The API lists none and answers 404 for it; leave it to Afterward.',
      '',
      ...factLines(facts),
    ].join('\n'),
  };
}
