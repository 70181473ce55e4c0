// `npm run temporal:install-server`: builds the Temporal server and temporal-sql-tool into .temporal/bin, once.
import { ensureServerBinaries } from './server-binaries';

const log = (line: string): void => console.log(`[temporal:install-server] ${line}`);

ensureServerBinaries(log).then(
  ({ server, sqlTool }) => log(`Temporal server: ${server}; SQL tool: ${sqlTool}`),
  (err: Error) => {
    log(err.message);
    process.exitCode = 1;
  },
);
