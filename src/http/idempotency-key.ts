import type { Context } from 'koa';
import { ValidationError } from './errors';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The Idempotency-Key header (IETF draft), if present; a malformed one is a 400. */
export function idempotencyKey(ctx: Context): string | undefined {
  const key = ctx.get('idempotency-key');
  if (!key) return undefined;
  if (!KEY.test(key))
    throw new ValidationError([
      { field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters', in: 'header' },
    ]);
  return key;
}
