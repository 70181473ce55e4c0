// The endpoint page's recovery form: presets fill its time, the confirmation names that time, and the answer (the
// deliveries started again) is shown as links to their jobs. Text only, never HTML.
import { flash } from './actions.js';

const pad = (n) => String(n).padStart(2, '0');
/** A datetime-local value in the browser's zone, to the second. */
const localValue = (d) =>
  `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

function describeSince(form) {
  const input = form.querySelector('input[name="since"]');
  const since = new Date(input.value);
  if (Number.isNaN(since.getTime())) return;
  form.dataset.confirmDetail = `Every delivery to this endpoint accepted since ${since.toLocaleString()} (${since.toISOString()}) that failed is sent again.`;
}

for (const form of document.querySelectorAll('form[data-recover]')) {
  const input = form.querySelector('input[name="since"]');
  input.addEventListener('input', () => describeSince(form));
  for (const button of form.querySelectorAll('[data-since-preset]'))
    button.addEventListener('click', () => {
      input.value = localValue(new Date(Date.now() - Number(button.dataset.sincePreset)));
      describeSince(form);
    });
  form.addEventListener('api:done', (event) => {
    const { recovered = [], skipped = [] } = event.detail.body ?? {};
    const summary = `${recovered.length} failed ${recovered.length === 1 ? 'delivery' : 'deliveries'} started again${
      skipped.length ? `, ${skipped.length} skipped (they had run again since)` : ''
    }`;
    flash(`Recover: ${summary}.`, 'ok');
    const result = form.querySelector('[data-recover-result]');
    const links = recovered.map((id) =>
      Object.assign(document.createElement('a'), {
        href: `/dashboard/jobs/${encodeURIComponent(id)}`,
        textContent: id,
      }),
    );
    result.replaceChildren(`${summary}${links.length ? ': ' : '.'}`, ...links.flatMap((a, i) => (i ? [', ', a] : [a])));
  });
}
