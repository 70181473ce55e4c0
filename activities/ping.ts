import { activityContext } from './activity-context';

export function createPingActivities(deps: { workerIdentity: string }) {
  return {
    /** Answers, with the attempt that did (Temporal retries it): the workflow reports it to listings. */
    async pong(message: string): Promise<{ message: string; worker: string; at: string; attempt?: number }> {
      const attempt = activityContext()?.info.attempt;
      return { message, worker: deps.workerIdentity, at: new Date().toISOString(), attempt };
    },
  };
}
