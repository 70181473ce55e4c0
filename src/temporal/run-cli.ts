// `npm run temporal -- <args>`: the `temporal` CLI that `npm run temporal:install` finds (or builds), pointed at
// Afterward's Temporal: the address and namespace of its configuration (.env included), unless the command says.
import { spawnSync } from 'node:child_process';
import { type Config, loadConfig } from '../config';
import { loadEnvFile } from '../config/env-file';
import { resolveTemporalCli } from './cli-binary';

/** Flags by which the command chooses its own connection profile, whose address must not be overridden. */
const PROFILE_FLAGS = ['--env', '--env-file'];

/**
 * The CLI's environment: TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE, which the CLI reads as its `--address` and
 * `--namespace` defaults (so flags given win), set to Afterward's; left alone when the command names a profile.
 */
export function cliEnvironment(
  t: Pick<Config['temporal'], 'address' | 'namespace' | 'devServer'>,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  if (args.some((arg) => PROFILE_FLAGS.includes(arg.split('=')[0]!))) return env;
  return { ...env, TEMPORAL_ADDRESS: t.address ?? `127.0.0.1:${t.devServer.port}`, TEMPORAL_NAMESPACE: t.namespace };
}

async function main(args: string[]): Promise<number> {
  loadEnvFile();
  const t = loadConfig().temporal;
  const log = (line: string): void => console.error(`[temporal] ${line}`);
  const binary = await resolveTemporalCli(log, t.cliPath);
  if (!binary) {
    log('no temporal CLI found and Go could not build one. Install Go, or set TEMPORAL_CLI_PATH.');
    return 1;
  }
  const run = spawnSync(binary, args, { stdio: 'inherit', env: cliEnvironment(t, args, process.env) });
  if (run.error) throw run.error;
  return run.status ?? 1;
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: Error) => {
      console.error(`[temporal] ${err.message.split('\n')[0]}`);
      process.exitCode = 1;
    },
  );
