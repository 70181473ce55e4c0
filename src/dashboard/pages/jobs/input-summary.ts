/** How long a summary may be in a table cell; the whole of it is in the cell's title. */
export const SUMMARY_CELL_CHARS = 120;

const valueText = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)
      ? value.join(', ')
      : JSON.stringify(value);

/**
 * A job's input summary (its memo, redacted at start) as one line of text: `subject: Welcome · recipients: 1`.
 * Tags have their own column, so they are left out here.
 */
export function inputSummary(input: unknown): string {
  if (input === null || input === undefined) return '';
  if (typeof input !== 'object' || Array.isArray(input)) return valueText(input);
  return Object.entries(input)
    .filter(([name, value]) => name !== 'tags' && value !== undefined)
    .map(([name, value]) => `${name}: ${valueText(value)}`)
    .join(' · ');
}

/** The summary cut to fit a cell, with an ellipsis when it was cut. */
export const shortened = (text: string, max = SUMMARY_CELL_CHARS): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;
