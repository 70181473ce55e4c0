import fs from 'node:fs';
import { z } from 'zod';
import { parseAllowList } from '../../activities/webhooks';

export const port = z.coerce.number().int().min(0).max(65535);
export const positiveInt = z.coerce.number().int().positive();
export const count = z.coerce.number().int().min(0);
/** A rate: any positive number, fractions too (0.5 is one every two seconds). */
export const perSecond = z.coerce.number().positive();
export const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
export const optionalString = z.string().trim().min(1).optional();
/** A path to a file that exists when the service starts. */
export const existingFile = z
  .string()
  .trim()
  .refine((file) => fs.existsSync(file), 'no such file');
export const commaList = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** A value read by a parser that throws a message naming what is wrong. */
export const parsedWith = <T>(parse: (text: string) => T) =>
  z.string().transform((text, ctx) => {
    try {
      return parse(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

/** Hosts, addresses and CIDRs exempt from the SSRF policy, comma-separated. */
export const allowList = parsedWith((text) => parseAllowList(commaList(text)));
