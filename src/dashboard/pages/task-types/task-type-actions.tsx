import { ApiForm } from '../../components/api-form';
import type { TaskTypeView } from '../../../tasks/task-type-view';

const apiPath = (name: string): string => `/v1/task-types/${encodeURIComponent(name)}`;

/**
 * PATCH /v1/task-types/:name from a form: the fields hold the current settings, and an emptied one is left out of
 * the merge patch (it keeps its value). The API validates the result as it would a new type.
 */
export function ChangeTaskType({ type }: { type: TaskTypeView }) {
  return (
    <details class="task-type-change">
      <summary>Change</summary>
      <ApiForm
        action={apiPath(type.name)}
        method="patch"
        label="Save"
        actionName={`Change ${type.name}`}
        doneMessage="saved"
        tone="primary"
        fields={
          <>
            <label>
              URL
              <input name="url" value={type.url} />
            </label>
            <label>
              Timeout
              <input name="timeout" value={type.timeout} placeholder="e.g. 30s" />
            </label>
            <label>
              Concurrency
              <input name="concurrency" type="number" min={1} data-type="number" value={type.concurrency ?? ''} />
            </label>
            <label>
              Calls per second
              <input
                name="ratePerSecond"
                type="number"
                min={0}
                step="any"
                data-type="number"
                value={type.ratePerSecond ?? ''}
              />
            </label>
            <label>
              Description
              <input name="description" value={type.description ?? ''} />
            </label>
          </>
        }
      />
    </details>
  );
}

/** DELETE /v1/task-types/:name, after a confirmation; the API refuses it (409) while a job of the type runs. */
export function DeleteTaskType({ name }: { name: string }) {
  return (
    <ApiForm
      action={apiPath(name)}
      method="delete"
      label="Delete"
      actionName={`Delete ${name}`}
      confirm={`Delete task type ${name}?`}
      detail="New jobs of this type are refused once it is gone. Jobs still running or waiting to run keep it: the API refuses the delete until they are done."
      doneMessage="deleted"
      tone="danger"
    />
  );
}
