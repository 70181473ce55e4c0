import { JOB_STATUSES } from '../../../jobs/job-status';
import type { FieldError } from '../../../validation/field-errors';
import { type FilterField, type JobsFormValues, PAGE_SIZES } from './jobs-query';

export interface FilterChoices {
  kinds: readonly string[];
  taskTypes: readonly string[];
}

interface JobFiltersProps {
  form: JobsFormValues;
  choices: FilterChoices;
  errors: readonly FieldError[];
}

/** The options of a select: "any" first, then the choices, and the value given even when it is not one of them. */
export function Options({ values, selected, any }: { values: readonly string[]; selected?: string; any?: string }) {
  const all = selected && !values.includes(selected) ? [...values, selected] : values;
  return (
    <>
      {any !== undefined && <option value="">{any}</option>}
      {all.map((value) => (
        <option value={value} selected={value === selected}>
          {value.replace('_', ' ')}
        </option>
      ))}
    </>
  );
}

/**
 * The filters as a GET form: submitting it loads /dashboard/jobs with them in the URL (so every view can link to
 * a filtered list, and a filtered list can be bookmarked), from the first page.
 */
export function JobFilters({ form, choices, errors }: JobFiltersProps) {
  const invalid = (field: FilterField | 'limit') => (errors.some((e) => e.field === field) ? 'true' : undefined);
  const limit = form.limit ?? String(PAGE_SIZES[0]);
  return (
    <form class="filters" method="get" action="/dashboard/jobs">
      <label>
        Kind
        <select name="kind" aria-invalid={invalid('kind')}>
          <Options values={choices.kinds} selected={form.kind} any="any kind" />
        </select>
      </label>
      <label>
        Status
        <select name="status" aria-invalid={invalid('status')}>
          <Options values={JOB_STATUSES} selected={form.status} any="any status" />
        </select>
      </label>
      <label>
        Tag
        <input name="tag" value={form.tag ?? ''} placeholder="e.g. signup" aria-invalid={invalid('tag')} />
      </label>
      <label>
        Task type
        <select name="taskType" aria-invalid={invalid('taskType')}>
          <Options values={choices.taskTypes} selected={form.taskType} any="any task type" />
        </select>
      </label>
      <label>
        Created since (UTC)
        <input type="datetime-local" step={1} name="since" value={form.since ?? ''} aria-invalid={invalid('since')} />
      </label>
      <label>
        Created before (UTC)
        <input type="datetime-local" step={1} name="until" value={form.until ?? ''} aria-invalid={invalid('until')} />
      </label>
      <label>
        Per page
        <select name="limit" aria-invalid={invalid('limit')}>
          <Options values={PAGE_SIZES.map(String)} selected={limit} />
        </select>
      </label>
      <button type="submit" class="primary">
        Filter
      </button>
      <a href="/dashboard/jobs">Clear</a>
    </form>
  );
}

/** What was wrong with the query, field by field, in words a person can act on. */
export function FilterErrors({ errors }: { errors: readonly FieldError[] }) {
  return (
    <div class="filter-errors error" role="alert">
      <p>These filters cannot be used:</p>
      <ul>
        {errors.map((e) => (
          <li data-field={e.field}>
            <strong>{e.field}</strong>: {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
