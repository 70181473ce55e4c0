import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger } from '../logger';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK warns about every activity-only worker (the per-kind queues) at every start: expected, so debug. */
const EXPECTED_WARNING = 'No workflows registered, not polling for workflow tasks';

/** The SDK's logger interface over our structured logger, under `component: temporal`. */
export function createSdkLogger(logger: Logger): TemporalLogger {
  const sdk = logger.child({ component: 'temporal' });
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void =>
    sdk[LEVELS[message === EXPECTED_WARNING ? 'DEBUG' : level]](meta ?? {}, message);
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}

/**
 * Sends the SDK's logs (worker, workflow and activity loggers) through our structured logger, and with
 * `metricsAddress` serves the SDK's worker metrics (task slots, latencies, polls) for Prometheus at http://<address>/metrics.
 */
export function installRuntimeLogger(logger: Logger, metricsAddress?: string): void {
  try {
    Runtime.install({
      logger: createSdkLogger(logger),
      telemetryOptions: metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : undefined,
    });
  } catch (err) {
    if (!/address already in use/i.test((err as Error).message)) throw err;
    throw new Error(
      `WORKER_METRICS_ADDRESS ${metricsAddress} is already in use: another process listens there; choose a free port, or set it to off`,
    );
  }
}
