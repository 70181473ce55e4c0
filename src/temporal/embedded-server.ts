import type { Config } from '../config';
import type { Logger } from '../logger';
import { resolveTemporalCli } from './cli-binary';
import { type DevServer, devServerSecretFlags, devServerStateArgs, startDevServer } from './dev-server';
import { writeDevServerEnvFile } from './dev-server-env-file';
import { EAGER_ACTIVITY_DYNAMIC_CONFIG, eagerExecutionApplies } from './eager-execution';

/**
 * Starts the embedded Temporal dev server for `npm start`. Uses a local `temporal` binary (built with
 * Go when missing); without one, falls back to the TypeScript SDK's download, which needs internet.
 */
export async function startEmbeddedServer(config: Config, logger: Logger): Promise<DevServer> {
  const log = (line: string): void => logger.info(line);
  const t = config.temporal;
  const options = {
    port: t.devServer.port,
    uiPort: t.devServer.uiPort,
    dbFile: t.devServer.dbFile,
    namespace: t.namespace,
    uiCodecEndpoint: t.uiCodecEndpoint,
    // Eager activities are off on a Temporal server unless its dynamic config turns them on.
    dynamicConfig: eagerExecutionApplies(config) ? EAGER_ACTIVITY_DYNAMIC_CONFIG : undefined,
  };
  const binary = await resolveTemporalCli(log, t.cliPath);
  if (binary) return startDevServer({ ...options, binary, log });

  log('no temporal binary; trying the TypeScript SDK download of the dev server (needs internet)');
  const envFile = writeDevServerEnvFile(devServerSecretFlags(options));
  const env = await import('@temporalio/testing')
    .then(({ TestWorkflowEnvironment }) =>
      TestWorkflowEnvironment.createLocal({
        server: {
          ip: '127.0.0.1',
          port: options.port,
          ui: true,
          uiPort: options.uiPort,
          namespace: options.namespace,
          extraArgs: devServerStateArgs({ ...options, envFile }),
        },
      }),
    )
    .catch((err: Error) => {
      throw new Error(
        `no temporal CLI could be found, built (install Go) or downloaded: ${err.message}. Set TEMPORAL_CLI_PATH or TEMPORAL_ADDRESS.`,
      );
    })
    .finally(() => envFile?.remove());
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://localhost:${options.uiPort}`,
    pid: 0,
    stop: () => env.teardown(),
  };
}
