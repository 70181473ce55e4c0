import { OPERATIONS, PUBLIC } from '../http/operations';
import type { Scope } from '../security/scopes';
import type { ViewContext } from './view-context';

/**
 * The scopes that let a key call an API operation (`'POST /v1/schedules/:id/pause'`), from the table the API
 * authorizes with: a page guards itself and its buttons with exactly what the calls behind them need.
 */
export function operationScopes(operation: string): Scope[] {
  const entry = OPERATIONS[operation];
  if (!entry) throw new Error(`${operation}: not an operation of the API`);
  if (entry.scopes === PUBLIC) throw new Error(`${operation} is public: a page behind sign-in does not need it`);
  return [...entry.scopes];
}

/** True when the signed-in key may call the operation: a control is shown only to keys the API would let use it. */
export const canCall = (view: ViewContext, operation: string): boolean => view.can(...operationScopes(operation));
