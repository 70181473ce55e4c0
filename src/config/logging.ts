import { z } from 'zod';
import type { Env } from './read-env';

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const loggingVariables = {
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('`fatal` … `trace`, or `silent`; every line has its ISO time, and a request id where there is one'),
  LOG_FORMAT: z
    .enum(LOG_FORMATS)
    .default('auto')
    .describe(
      '`auto`: readable lines when stdout is a terminal, else JSON lines (for a log store); `json` or `pretty` to choose',
    ),
};

export const readLogging = (e: Env<typeof loggingVariables>) => ({
  logLevel: e.LOG_LEVEL,
  logFormat: e.LOG_FORMAT,
});
