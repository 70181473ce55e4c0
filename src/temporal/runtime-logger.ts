import { type LogLevel, type LogMetadata, SdkComponent, type Logger as TemporalLogger } from '@temporalio/common';
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

/** Where the lines of Afterward's own workflows and activities come from; the rest is the SDK's own. */
const JOB_CODE: readonly unknown[] = [SdkComponent.workflow, SdkComponent.activity, SdkComponent.nexus];

/**
 * The level a line of the SDK is logged at. Its own info lines (worker states, core, the workflow bundle's webpack
 * report) are chatter to whoever runs Afterward: debug.
 */
function levelOf(level: LogLevel, message: string, meta?: LogMetadata): LogLevel {
  if (message === EXPECTED_WARNING) return 'DEBUG';
  if (level === 'INFO' && !JOB_CODE.includes(meta?.sdkComponent)) return 'DEBUG';
  return level;
}

/** The SDK's logger interface over our structured logger, under `component: temporal`. */
export function createSdkLogger(logger: Logger): TemporalLogger {
  const sdk = logger.child({ component: 'temporal' });
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void =>
    sdk[LEVELS[levelOf(level, message, meta)]](meta ?? {}, message);
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
 * How much of Temporal core's own logging is forwarded: its info lines only when they would be shown (at debug), and
 * never its trace, a line per poll.
 */
function coreLevel(level: string): LogLevel {
  if (level === 'trace' || level === 'debug') return 'DEBUG';
  return level === 'info' || level === 'warn' ? 'WARN' : 'ERROR';
}

/**
 * Sends the SDK's logs (worker, workflow and activity loggers, and Temporal core's, forwarded from Rust instead of
 * printed by it) through our structured logger, and with
 * `metricsAddress` serves the SDK's worker metrics (task slots, latencies, polls) for Prometheus at http://<address>/metrics.
 */
export function installRuntimeLogger(logger: Logger, metricsAddress?: string): void {
  try {
    Runtime.install({
      logger: createSdkLogger(logger),
      telemetryOptions: {
        logging: { forward: {}, filter: { core: coreLevel(logger.level), other: 'ERROR' } },
        metrics: metricsAddress ? { prometheus: { bindAddress: metricsAddress } } : undefined,
      },
    });
  } catch (err) {
    if (!/address already in use/i.test((err as Error).message)) throw err;
    throw new Error(
      `WORKER_METRICS_ADDRESS ${metricsAddress} is already in use: another process listens there; choose a free port, or set it to off`,
    );
  }
}
