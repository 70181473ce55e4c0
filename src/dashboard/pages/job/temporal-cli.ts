/** A word for a POSIX shell: left as it is when it holds only safe characters, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w.:@/=+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The `temporal` CLI commands that do what the job page shows and its controls do, for one job. */
export function temporalCli(namespace: string, workflowId: string) {
  const target = `--namespace ${shellWord(namespace)} --workflow-id ${shellWord(workflowId)}`;
  return {
    describe: `temporal workflow describe ${target}`,
    cancel: `temporal workflow cancel ${target}`,
    terminate: `temporal workflow terminate ${target} --reason ${shellWord('<reason>')}`,
    sendNow: `temporal workflow update execute ${target} --name sendNow`,
    reschedule: `temporal workflow update execute ${target} --name reschedule --input ${shellWord('{"sendAt":"<ISO 8601 time>"}')}`,
  };
}
