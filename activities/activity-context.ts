import { Context } from '@temporalio/activity';

/** The running activity's context; undefined when called directly, outside a worker (scripts, unit tests). */
export function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
