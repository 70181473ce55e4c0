// `npm run temporal:install-test-server`: fetches the time-skipping test server the workflow tests
// with long timers run on (test/helpers/test-server.ts), so `npm test` finds it cached.
import { ensureTestServer } from './helpers/test-server';

const log = (line: string): void => console.log(`[temporal:install-test-server] ${line}`);

ensureTestServer(log).then(
  (launcher) => log(`test server: ${launcher}`),
  (err: Error) => {
    log(err.message);
    process.exitCode = 1;
  },
);
