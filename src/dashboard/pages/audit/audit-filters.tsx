import type { FieldError } from '../../../validation/field-errors';
import { PAGE_SIZES } from '../jobs/jobs-query';
import type { AuditFilterField, AuditFormValues } from './audit-query';

export const AUDIT_PATH = '/dashboard/audit';
export const VERIFY_PATH = `${AUDIT_PATH}/verify`;

interface AuditFiltersProps {
  form: AuditFormValues;
  errors: readonly FieldError[];
}

/** The filters as a GET form: the filtered log is a URL to bookmark or share, from its first page. */
export function AuditFilters({ form, errors }: AuditFiltersProps) {
  const invalid = (field: AuditFilterField | 'limit') => (errors.some((e) => e.field === field) ? 'true' : undefined);
  const text = (name: 'actor' | 'action' | 'resource', label: string, placeholder: string) => (
    <label>
      {label}
      <input name={name} value={form[name] ?? ''} placeholder={placeholder} aria-invalid={invalid(name)} />
    </label>
  );
  const time = (name: 'from' | 'to', label: string) => (
    <label>
      {label}
      <input type="datetime-local" step={1} name={name} value={form[name] ?? ''} aria-invalid={invalid(name)} />
    </label>
  );
  const limit = form.limit ?? String(PAGE_SIZES[0]);
  return (
    <form class="filters" method="get" action={AUDIT_PATH}>
      {text('actor', 'Actor', 'e.g. user-7')}
      {text('action', 'Action', 'e.g. role.granted')}
      {text('resource', 'Resource', 'e.g. user:8')}
      {time('from', 'From (UTC)')}
      {time('to', 'Before (UTC)')}
      <label>
        Per page
        <select name="limit" aria-invalid={invalid('limit')}>
          {[...new Set([...PAGE_SIZES.map(String), limit])].map((size) => (
            <option value={size} selected={size === limit}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="primary">
        Filter
      </button>
      <a href={AUDIT_PATH}>Clear</a>
    </form>
  );
}

/** Verifying reads the whole chain and changes nothing, so it is a plain GET. */
export function VerifyButton() {
  return (
    <form class="audit-verify" method="get" action={VERIFY_PATH}>
      <button type="submit">Verify the chain</button>
    </form>
  );
}
