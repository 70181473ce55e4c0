import type { ComponentChildren } from 'preact';

export interface ApiFormProps {
  /** The API path the browser calls, ids already encoded. */
  action: string;
  method?: 'post' | 'patch' | 'delete';
  /** The submit button's text, and the confirmation's button. */
  label: string;
  /** Names the action in the status line ("Retry failed: …"); defaults to the label. */
  actionName?: string;
  /** The confirmation's question; without one the form is sent at once (a change the form itself shows). */
  confirm?: string;
  detail?: string;
  /** What the status line says once the API agreed. */
  doneMessage?: string;
  /** `reload` (the default), a path to go to, or false to stay (the page's own script shows the answer). */
  done?: string | false;
  tone?: 'primary' | 'danger';
  class?: string;
  /** The fields, before the button: they become the request's JSON body (see actions.js). */
  fields?: ComponentChildren;
  /** After the button: presets, an output element. */
  children?: ComponentChildren;
  /** Marks a form a view's own script also handles (e.g. `data-recover`). */
  hook?: string;
}

/**
 * A button that changes something: a form the dashboard's actions.js sends to the JSON API with the session cookie
 * and CSRF token, after the confirmation dialog, so the server checks the key's scopes and audits it as for any client.
 */
export function ApiForm(p: ApiFormProps) {
  const hook = p.hook ? { [`data-${p.hook}`]: true } : {};
  return (
    <form
      data-api
      {...hook}
      class={p.class}
      action={p.action}
      method={p.method ?? 'post'}
      data-confirm={p.confirm}
      data-confirm-detail={p.detail}
      data-confirm-label={p.confirm ? p.label : undefined}
      data-label={p.actionName ?? p.label}
      data-done-message={p.doneMessage}
      data-done={p.done === false ? undefined : (p.done ?? 'reload')}
    >
      {p.fields}
      <button type="submit" class={p.tone}>
        {p.label}
      </button>
      {p.children}
    </form>
  );
}
