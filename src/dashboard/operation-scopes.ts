import { OPERATIONS } from '../http/operations';
import type { Scope } from '../security/scopes';

/**
 * The scopes of an API route from the operations table (`'DELETE /v1/task-types/:name'`): a page needs those of the
 * calls it is built on, a control those of the call it makes, so neither can drift from what the API enforces.
 */
export function operationScopes(route: string): Scope[] {
  const operation = OPERATIONS[route];
  if (!operation) throw new Error(`${route} is not an operation of the API`);
  if (operation.scopes === 'public') throw new Error(`${route} is public: it needs no scope`);
  return [...operation.scopes];
}
