import { createPingActivities } from './ping';

export interface ActivityDeps {
  workerIdentity: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createPingActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
