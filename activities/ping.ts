export function createPingActivities(deps: { workerIdentity: string }) {
  return {
    async pong(message: string): Promise<{ message: string; worker: string; at: string }> {
      return { message, worker: deps.workerIdentity, at: new Date().toISOString() };
    },
  };
}
