import { execFileSync } from 'node:child_process';
import path from 'node:path';
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

/** The server module's source in Go's module cache (go install put it there): its schemas and sample configs. */
export function serverModuleDir(): string {
  const modCache = execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim();
  const modulePath = clusterSettings.serverModule.split('/cmd/')[0]!;
  return path.join(modCache, `${modulePath}@v${TEMPORAL_SERVER_VERSION}`);
}
