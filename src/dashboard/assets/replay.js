// Replaying a window of dead letters: <form data-replay [data-window-ms]> (hidden kind, since, until fields) sends the
// API's dry run, lists exactly the jobs it plans in the confirmation dialog, and on confirm replays that plan (the
// confirm token binds it: a list that changed in between is refused). Every value goes into the page as text.
import { callApi, confirmDialog, flash, formBody } from './actions.js';

const REPLAY = '/v1/jobs/replay';
const jobPath = (id) => `/dashboard/jobs/${encodeURIComponent(id)}`;

function element(tag, text, attributes = {}) {
  const node = Object.assign(document.createElement(tag), attributes);
  if (text !== undefined) node.textContent = text;
  return node;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function planBody(plan) {
  const list = element('ul', undefined, { className: 'replay-jobs' });
  for (const id of plan.jobs) list.append(element('li', id, { className: 'mono' }));
  const body = element('div');
  body.append(
    element(
      'p',
      `These ${plural(plan.count, 'job')} failed or timed out between ${plan.since} and ${plan.until}, and will run again:`,
    ),
    list,
  );
  if (plan.truncated) body.append(element('p', 'More jobs match than one replay starts: replay again for the rest.'));
  return body;
}

function showResult(section, result) {
  const list = element('ul', undefined, { className: 'replay-jobs' });
  for (const job of result.jobs) {
    const item = element('li');
    item.append(element('a', job.id, { href: jobPath(job.id), className: 'mono' }));
    list.append(item);
  }
  section.replaceChildren(
    element('h2', 'Replayed'),
    element('p', `${plural(result.started, 'job')} started again:`),
    list,
  );
  for (const error of result.errors)
    section.append(element('p', `${error.id}: ${error.message}`, { className: 'error' }));
  if (result.auditEventId) {
    const audit = element('p', 'Recorded in the audit log as event ');
    audit.append(element('code', result.auditEventId, { className: 'audit-event-id' }), '.');
    section.append(audit);
  }
  section.hidden = false;
}

async function replay(form) {
  const range = formBody(form);
  if (form.dataset.windowMs) range.since = new Date(Date.now() - Number(form.dataset.windowMs)).toISOString();
  const plan = await callApi('POST', REPLAY, { ...range, dryRun: true });
  if (!plan.ok) return flash(`Replay failed: ${plan.message}`, 'error');
  if (plan.body.count === 0) return flash('Nothing to replay: no job in this window is still failed or timed out.');
  if (!(await confirmDialog(`Replay ${plural(plan.body.count, 'job')}?`, planBody(plan.body), 'Replay'))) return;
  const { kind, since, until, confirm } = plan.body;
  const done = await callApi('POST', REPLAY, { kind, since, until, confirm, dryRun: false });
  if (!done.ok) return flash(`Replay failed: ${done.message}`, 'error');
  showResult(document.getElementById('replay-result'), done.body);
  flash(`Replay: ${plural(done.body.started, 'job')} started again.`, 'ok');
}

document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !('replay' in form.dataset)) return;
  event.preventDefault();
  const buttons = form.querySelectorAll('button');
  buttons.forEach((b) => (b.disabled = true));
  try {
    await replay(form);
  } catch (err) {
    flash(`Replay failed: ${err.message}`, 'error');
  } finally {
    buttons.forEach((b) => (b.disabled = false));
  }
});
