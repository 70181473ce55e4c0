// `npm run temporal:install`: makes sure a `temporal` binary is available, building it when needed.
import { resolveTemporalCli } from './cli-binary';

const log = (line: string): void => console.log(`[temporal:install] ${line}`);

resolveTemporalCli(log, process.env.TEMPORAL_CLI_PATH || undefined).then(
  (binary) => {
    if (binary) return log(`temporal CLI: ${binary}`);
    log(
      'no temporal CLI found and Go could not build one. Install Go, set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS to use a running server.',
    );
    process.exitCode = 1;
  },
  (err: Error) => {
    log(err.message);
    process.exitCode = 1;
  },
);
