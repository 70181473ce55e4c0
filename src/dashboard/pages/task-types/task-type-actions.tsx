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
      <form
        data-api
        action={apiPath(type.name)}
        method="patch"
        data-label={`Change ${type.name}`}
        data-done-message="saved"
        data-done="reload"
      >
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
        <button type="submit" class="primary">
          Save
        </button>
      </form>
    </details>
  );
}

/** DELETE /v1/task-types/:name, after a confirmation; the API refuses it (409) while a job of the type runs. */
export function DeleteTaskType({ name }: { name: string }) {
  return (
    <form
      data-api
      action={apiPath(name)}
      method="delete"
      data-confirm={`Delete task type ${name}?`}
      data-confirm-detail="New jobs of this type are refused once it is gone. Jobs still running or waiting to run keep it: the API refuses the delete until they are done."
      data-confirm-label="Delete"
      data-label={`Delete ${name}`}
      data-done-message="deleted"
      data-done="reload"
    >
      <button type="submit" class="danger">
        Delete
      </button>
    </form>
  );
}
