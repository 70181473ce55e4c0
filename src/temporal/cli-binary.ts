import path from 'node:path';
import { cachedBinary, goInstall, isExecutable } from './go-install';

/** v1.5.1 is the newest CLI tag whose go.mod has no `replace`, so a plain `go install` can build it. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

type Log = (line: string) => void;

export class TemporalCliNotFoundError extends Error {}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** Finds an existing `temporal` binary without building anything: explicit path, project cache, PATH. */
export function findTemporalCli(explicitPath?: string): string | undefined {
  if (explicitPath) {
    if (!isExecutable(explicitPath))
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH=${explicitPath} is not an executable file`);
    return explicitPath;
  }
  const cached = cachedBinary('temporal');
  if (isExecutable(cached)) return cached;
  return findOnPath('temporal');
}

/** Builds the CLI with `go install` into the project cache, printing progress while it runs. */
export async function buildTemporalCli(log: Log): Promise<string> {
  const [built] = await goInstall('the temporal CLI', [{ module: TEMPORAL_CLI_MODULE, name: 'temporal' }], log);
  return built!;
}

/**
 * Resolves the `temporal` binary in the documented order: TEMPORAL_CLI_PATH, the project cache
 * (.temporal/bin), PATH, then a Go build. Returns undefined when none works, so the caller can
 * fall back to the TypeScript SDK's own download.
 */
export async function resolveTemporalCli(log: Log, explicitPath?: string): Promise<string | undefined> {
  const found = findTemporalCli(explicitPath);
  if (found) return found;
  try {
    return await buildTemporalCli(log);
  } catch (err) {
    log(`could not build the temporal CLI: ${(err as Error).message}`);
    return undefined;
  }
}
