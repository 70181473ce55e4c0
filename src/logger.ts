import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. Secrets are redacted by path wherever they could appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'afterward' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.password', '*.secret', '*.apiKey', 'config.smtp.url'],
      censor: '[redacted]',
    },
  });
}
