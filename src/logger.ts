import pino, { type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { LogFormat } from './config/logging';

export type { Logger };

/** LOG_FORMAT as it applies: `auto` is readable lines on a terminal, JSON lines for anything else (a log store). */
export function chooseLogFormat(format: LogFormat, stdoutIsTty: boolean | undefined): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return stdoutIsTty ? 'pretty' : 'json';
}

/**
 * Readable lines, each written as it is logged (no worker thread, so nothing is lost at exit). The JSON line is
 * redacted before it gets here.
 */
function prettyStream(destination: DestinationStream, colorize: boolean): DestinationStream {
  const prettify = prettyFactory({ colorize, translateTime: false, ignore: 'pid,hostname,service', singleLine: true });
  return { write: (line: string) => void destination.write(prettify(line)) };
}

/**
 * Logs to stdout (or `destination`): JSON lines, or with `format` pretty, readable lines; ISO times in both. Secrets
 * are redacted by path wherever they could appear.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream,
  format: 'json' | 'pretty' = 'json',
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'afterward' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'headers.authorization',
        '*.password',
        '*.secret',
        '*.apiKey',
        'config.smtp.url',
      ],
      censor: '[redacted]',
    },
  };
  const out = destination ?? pino.destination({ dest: 1, sync: true });
  return pino(options, format === 'pretty' ? prettyStream(out, !destination && Boolean(process.stdout.isTTY)) : out);
}

/** The process's logger from its configuration: LOG_LEVEL, and LOG_FORMAT against what stdout is. */
export function processLogger(config: { logLevel: string; logFormat: LogFormat }): Logger {
  return createLogger(config.logLevel, undefined, chooseLogFormat(config.logFormat, process.stdout.isTTY));
}
