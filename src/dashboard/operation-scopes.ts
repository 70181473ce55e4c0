import { OPERATIONS, PUBLIC } from '../http/operations';
import type { ViewContext } from './view-context';

/**
 * True when the signed-in key may call the API operation (`METHOD /path` as in OPERATIONS): a control is shown
 * only to keys the API would let use it, by the scopes the operation table gives the route.
 */
export function canCall(view: ViewContext, operation: string): boolean {
  const found = OPERATIONS[operation];
  if (!found) throw new Error(`${operation}: not an operation of the API`);
  return found.scopes === PUBLIC || view.can(...found.scopes);
}
