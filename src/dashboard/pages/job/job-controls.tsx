import { ApiForm } from '../../components/api-form';
import type { ComponentChildren } from 'preact';
import type { WorkflowExecutionStatusName } from '@temporalio/client';
import { closedJobStatus } from '../../../jobs/job-status';
import type { Job } from '../../../jobs/job-view';
import { RETRYABLE_STATUSES } from '../../../jobs/retry-job';
import { canCall } from '../../operation-scopes';
import type { ViewContext } from '../../view-context';
import { temporalCli } from './temporal-cli';

/** The job statuses POST /v1/jobs/:id/retry accepts: those of the Temporal statuses retryJob retries. */
const RETRYABLE = new Set([...RETRYABLE_STATUSES].map((s) => closedJobStatus(s as WorkflowExecutionStatusName)));

interface Control {
  operation: string;
  action: string;
  label: string;
  confirm: string;
  detail: string;
  danger?: boolean;
  cli?: string;
  fields?: ComponentChildren;
}

/** The controls of the job's kind that its state allows, each shown only to a key that may call its operation. */
function controlsFor(job: Job, view: ViewContext): Control[] {
  const id = encodeURIComponent(job.id);
  const cli = temporalCli(view.namespace, job.id);
  const open = job.closedAt === null;
  const controls: Control[] = [];
  if (job.kind === 'email' && job.status === 'scheduled')
    controls.push(
      {
        operation: 'POST /v1/emails/:id/send-now',
        action: `/v1/emails/${id}/send-now`,
        label: 'Send now',
        confirm: `Send email ${job.id} now?`,
        detail: 'It goes at once instead of at its time.',
        cli: cli.sendNow,
      },
      {
        operation: 'POST /v1/emails/:id/reschedule',
        action: `/v1/emails/${id}/reschedule`,
        label: 'Reschedule',
        confirm: `Move email ${job.id} to another time?`,
        detail: 'It waits for the new time instead.',
        cli: cli.reschedule,
        fields: (
          <>
            <label>
              Delay <input name="delay" placeholder="2h" size={6} />
            </label>
            <label>
              or at <input name="sendAt" type="datetime-local" data-type="datetime" />
            </label>
          </>
        ),
      },
    );
  if (open)
    controls.push(
      {
        operation: 'POST /v1/jobs/:id/cancel',
        action: `/v1/jobs/${id}/cancel`,
        label: 'Cancel job',
        confirm: `Cancel job ${job.id}?`,
        detail: 'The job stops at its next step and closes as cancelled.',
        danger: true,
        cli: cli.cancel,
      },
      {
        operation: 'POST /v1/jobs/:id/terminate',
        action: `/v1/jobs/${id}/terminate`,
        label: 'Terminate',
        confirm: `Terminate job ${job.id}?`,
        detail: 'It ends at once, without cleanup: an attempt under way is not told.',
        danger: true,
        cli: cli.terminate,
        fields: (
          <label>
            Reason <input name="reason" maxLength={500} placeholder="why" />
          </label>
        ),
      },
    );
  if (RETRYABLE.has(job.status))
    controls.push({
      operation: 'POST /v1/jobs/:id/retry',
      action: `/v1/jobs/${id}/retry`,
      label: 'Retry',
      confirm: `Run job ${job.id} again?`,
      detail: 'A new run of the job starts with the same input.',
    });
  return controls.filter((c) => canCall(view, c.operation));
}

/** The controls as forms the browser sends to the API after a confirmation, each with its CLI equivalent. */
export function JobControls({ job, view }: { job: Job; view: ViewContext }) {
  const controls = controlsFor(job, view);
  if (!controls.length) return null;
  return (
    <section class="panel job-controls" aria-label="Controls">
      <h2>Controls</h2>
      {controls.map((c) => (
        <div class="job-control">
          <ApiForm
            action={c.action}
            label={c.label}
            confirm={c.confirm}
            detail={c.detail}
            tone={c.danger ? 'danger' : 'primary'}
            fields={c.fields}
          />
          {c.cli && <code class="cli">{c.cli}</code>}
        </div>
      ))}
    </section>
  );
}
