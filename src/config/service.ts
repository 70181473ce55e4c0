import path from 'node:path';
import { z } from 'zod';
import type { Env } from './read-env';

export const serviceVariables = {
  AFTERWARD_ROLE: z.enum(['all', 'api', 'worker']).default('all').describe('`all`, `api` or `worker`'),
  AFTERWARD_DATA_DIR: z.string().default('.data').describe("local state: the embedded dev server's database"),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('`fatal` … `trace`, or `silent`; logs are JSON lines with a request id'),
};

export const readService = (e: Env<typeof serviceVariables>) => ({
  role: e.AFTERWARD_ROLE,
  dataDir: path.resolve(e.AFTERWARD_DATA_DIR),
  logLevel: e.LOG_LEVEL,
});
