import type { FieldError } from '../../../validation/field-errors';
import { Options } from '../jobs/job-filters';
import { DEFAULT_WINDOW, type DeadLettersWindow, WINDOWS, type WindowFormValues } from './dead-letters-window';

interface WindowFormProps {
  form: WindowFormValues;
  kinds: readonly string[];
  errors: readonly FieldError[];
}

/** The window as a GET form, so a window can be linked and bookmarked; since and until make a custom one. */
export function WindowForm({ form, kinds, errors }: WindowFormProps) {
  const invalid = (field: string) => (errors.some((e) => e.field === field) ? 'true' : undefined);
  const selected = form.window ?? DEFAULT_WINDOW;
  return (
    <form class="filters" method="get" action="/dashboard/dead-letters">
      <label>
        Window
        <select name="window" aria-invalid={invalid('window')}>
          {WINDOWS.map((w) => (
            <option value={w.value} selected={w.value === selected}>
              {w.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Kind
        <select name="kind" aria-invalid={invalid('kind')}>
          <Options values={kinds} selected={form.kind} any="any kind" />
        </select>
      </label>
      <label>
        Custom since (UTC)
        <input type="datetime-local" step={1} name="since" value={form.since ?? ''} aria-invalid={invalid('since')} />
      </label>
      <label>
        Custom until (UTC)
        <input type="datetime-local" step={1} name="until" value={form.until ?? ''} aria-invalid={invalid('until')} />
      </label>
      <button type="submit" class="primary">
        Show
      </button>
    </form>
  );
}

/**
 * Replays the window the page shows: assets/replay.js sends the API's dry run, lists its jobs in the confirmation
 * dialog and, once confirmed, replays exactly those. A preset window is measured back from the moment of the click.
 */
export function ReplayForm({ window: w }: { window: DeadLettersWindow }) {
  return (
    <>
      <form class="replay" data-replay data-window-ms={w.presetMs}>
        {w.kind && <input type="hidden" name="kind" value={w.kind} />}
        {!w.presetMs && <input type="hidden" name="since" value={w.since.toISOString()} />}
        {!w.presetMs && w.until && <input type="hidden" name="until" value={w.until.toISOString()} />}
        <button type="submit" class="danger">
          Replay this window…
        </button>
        <span class="muted">Dry run first: you confirm the exact list of jobs.</span>
      </form>
      <section id="replay-result" class="panel replay-result" aria-live="polite" hidden />
    </>
  );
}
