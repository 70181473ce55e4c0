// Buttons that change something call the API itself (/v1/...) with the session cookie and the page's CSRF token, so
// the server checks the same scopes and records the same audit events as for any other client.
//
// <form data-api action="/v1/jobs/ID/cancel" method="post" data-confirm="Cancel job ID?" data-done="reload">
//   fields become the JSON body: empty ones are left out; data-type="number" | "json" | "datetime" converts them.
// </form>

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';

/** Shows a line in the page's status area; text only, never HTML. */
export function flash(message, kind = 'info') {
  const area = document.getElementById('flash');
  if (!area) return;
  area.textContent = message;
  area.dataset.kind = kind;
}

/** Asks in the page's <dialog>; `body` is a string or a node the caller built with textContent. Resolves true on confirm. */
export function confirmDialog(title, body, confirmLabel = 'Confirm') {
  const dialog = document.getElementById('confirm-dialog');
  if (!dialog) return Promise.resolve(false);
  dialog.querySelector('#confirm-title').textContent = title;
  const holder = dialog.querySelector('.confirm-body');
  holder.replaceChildren(
    typeof body === 'string' ? Object.assign(document.createElement('p'), { textContent: body }) : body,
  );
  dialog.querySelector('[data-confirm-button]').textContent = confirmLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) =>
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true }),
  );
}

/** Calls the API as the signed-in key; answers { ok, status, body } with the problem's detail as `message` on failure. */
export async function callApi(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrfToken() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  const problem = parsed && typeof parsed === 'object' ? parsed : {};
  const fieldErrors = Array.isArray(problem.errors)
    ? problem.errors.map((e) => `${e.field}: ${e.message}`).join('; ')
    : '';
  const message = response.ok ? '' : fieldErrors || problem.detail || problem.title || `HTTP ${response.status}`;
  return { ok: response.ok, status: response.status, body: parsed, message };
}

function convert(input) {
  const value = input.value.trim();
  if (value === '') return undefined;
  switch (input.dataset.type) {
    case 'number':
      return Number(value);
    case 'json':
      return JSON.parse(value);
    case 'datetime':
      return new Date(value).toISOString();
    default:
      return value;
  }
}

/** A form's fields as a JSON body. */
export function formBody(form) {
  const body = {};
  for (const input of form.querySelectorAll('input[name], select[name], textarea[name]')) {
    if ((input.type === 'checkbox' || input.type === 'radio') && !input.checked) continue;
    const value = input.type === 'checkbox' && input.value === 'on' ? true : convert(input);
    if (value !== undefined) body[input.name] = value;
  }
  return body;
}

document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !('api' in form.dataset)) return;
  event.preventDefault();
  let body;
  try {
    body = formBody(form);
  } catch (err) {
    flash(`Not sent: ${err.message}`, 'error');
    return;
  }
  if (
    form.dataset.confirm &&
    !(await confirmDialog(form.dataset.confirm, form.dataset.confirmDetail ?? '', form.dataset.confirmLabel))
  )
    return;
  const buttons = form.querySelectorAll('button');
  buttons.forEach((b) => (b.disabled = true));
  try {
    const answer = await callApi(
      (form.getAttribute('method') ?? 'post').toUpperCase(),
      form.getAttribute('action'),
      body,
    );
    if (!answer.ok) {
      flash(`${form.dataset.label ?? 'The action'} failed: ${answer.message}`, 'error');
      return;
    }
    flash(`${form.dataset.label ?? 'Done'}: ${form.dataset.doneMessage ?? 'done'}.`, 'ok');
    form.dispatchEvent(new CustomEvent('api:done', { bubbles: true, detail: answer }));
    if (form.dataset.done === 'reload') setTimeout(() => location.reload(), 600);
    else if (form.dataset.done) setTimeout(() => location.assign(form.dataset.done), 600);
  } catch (err) {
    flash(`${form.dataset.label ?? 'The action'} failed: ${err.message}`, 'error');
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
});
