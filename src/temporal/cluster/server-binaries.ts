import { cachedBinary, goInstall, isExecutable } from '../go-install';
import { TEMPORAL_SERVER_VERSION, clusterSettings } from './settings';

type Log = (line: string) => void;

export interface ServerBinaries {
  server: string;
  sqlTool: string;
}

const BINARIES = [
  { module: clusterSettings.serverModule, name: 'temporal-server' },
  { module: clusterSettings.sqlToolModule, name: 'temporal-sql-tool' },
];

/** The Temporal server and its SQL tool from .temporal/bin, built with `go install` when either is missing. */
export async function ensureServerBinaries(log: Log): Promise<ServerBinaries> {
  const cached = BINARIES.map((b) => cachedBinary(b.name));
  const [server, sqlTool] = cached.every(isExecutable)
    ? cached
    : await goInstall(`the Temporal server v${TEMPORAL_SERVER_VERSION} and its SQL tool`, BINARIES, log);
  return { server: server!, sqlTool: sqlTool! };
}
