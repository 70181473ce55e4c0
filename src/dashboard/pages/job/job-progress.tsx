import type { StepProgress } from '../../../../workflows/run-sequence';
import { StatusBadge } from '../../components/status-badge';
import { jobPath } from '../../links';

const asJson = (value: unknown): string => JSON.stringify(value, null, 2);

/** A task's progress as its app reported it; a bar where it says how far of how much (`{ sent: 5, of: 10 }`). */
export function TaskProgress({ progress }: { progress: unknown }) {
  const fields = progress && typeof progress === 'object' ? (progress as Record<string, unknown>) : {};
  const total = [fields.of, fields.total].find((v) => typeof v === 'number' && v > 0) as number | undefined;
  const done = Object.entries(fields).find(([name, v]) => !['of', 'total'].includes(name) && typeof v === 'number');
  return (
    <section class="panel" aria-label="Progress">
      <h2>Progress</h2>
      {total !== undefined && done && (
        <p>
          <progress value={done[1] as number} max={total} /> {`${done[0]}: ${done[1]} of ${total}`}
        </p>
      )}
      <pre class="job-progress">{asJson(progress)}</pre>
    </section>
  );
}

/** A sequence's steps as the workflow reports them, each step's own job linked. */
export function SequenceSteps({ steps }: { steps: readonly StepProgress[] }) {
  return (
    <section class="panel" aria-label="Steps">
      <h2>Steps</h2>
      <table class="steps">
        <thead>
          <tr>
            <th class="num">Step</th>
            <th>Type</th>
            <th>Status</th>
            <th>Job</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr data-step={s.step} data-status={s.status}>
              <td class="num">{s.step}</td>
              <td>{s.type}</td>
              <td>
                <StatusBadge status={s.status} />
                {s.carriedOver && <span class="muted"> (from the failed run)</span>}
              </td>
              <td>
                {s.jobId ? (
                  <a class="mono" href={jobPath(s.jobId)}>
                    {s.jobId}
                  </a>
                ) : (
                  <span class="muted">—</span>
                )}
              </td>
              <td>{s.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Whether a job's progress is a sequence's list of steps. */
export const isStepList = (progress: unknown): progress is StepProgress[] =>
  Array.isArray(progress) && progress.every((s) => s && typeof s === 'object' && typeof s.step === 'number');
