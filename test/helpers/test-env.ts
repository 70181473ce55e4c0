/** What test/run.ts started for this run; a test file run on its own gets a clear message instead. */
export function testEnv(
  name:
    | 'AFTERWARD_TEST_TEMPORAL_ADDRESS'
    | 'AFTERWARD_TEST_TEMPORAL_CLI'
    | 'AFTERWARD_TEST_TEMPORAL_UI'
    | 'AFTERWARD_TEST_TIME_SKIPPING_SERVER',
): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: run the tests through \`npm test\` (test/run.ts starts the servers they need)`,
    );
  return value;
}
