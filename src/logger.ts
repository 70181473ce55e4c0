import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs (to stdout, or `destination`). Secrets are redacted by path wherever they could appear. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'afterward' },
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
  return destination ? pino(options, destination) : pino(options);
}
