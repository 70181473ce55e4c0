/** A task type is created under a name another type has. */
export class TaskTypeExistsError extends Error {
  override readonly name = 'TaskTypeExistsError';

  constructor(readonly typeName: string) {
    super(`a task type named ${typeName} exists already`);
  }
}
