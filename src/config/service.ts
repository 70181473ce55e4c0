import path from 'node:path';
import { z } from 'zod';
import type { Env } from './read-env';

export const serviceVariables = {
  AFTERWARD_ROLE: z.enum(['all', 'api', 'worker']).default('all').describe('`all`, `api` or `worker`'),
  AFTERWARD_DATA_DIR: z.string().default('.data').describe("local state: the embedded dev server's database"),
};

export const readService = (e: Env<typeof serviceVariables>) => ({
  role: e.AFTERWARD_ROLE,
  dataDir: path.resolve(e.AFTERWARD_DATA_DIR),
});
