import type { Middleware } from 'koa';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { AuthConfig } from '../../config';
import { HttpError } from '../errors';

const BURST_WINDOW_SECONDS = 10;

/**
 * Per API key (per client address with auth off): `perSecond` requests each second, and up to `burst`
 * more in any 10 s window. Over that, 429 with Retry-After. Kept in memory: each API process limits on its own.
 */
export function rateLimit({ perSecond, burst }: AuthConfig['rateLimit']): Middleware {
  const limiter = new BurstyRateLimiter(
    new RateLimiterMemory({ keyPrefix: 'rate', points: perSecond, duration: 1 }),
    new RateLimiterMemory({ keyPrefix: 'burst', points: burst, duration: BURST_WINDOW_SECONDS }),
  );
  return async (ctx, next) => {
    const key: string | undefined = ctx.state.rateLimitKey;
    if (key === undefined) return next();
    try {
      await limiter.consume(key);
    } catch (rejected) {
      if (!(rejected instanceof RateLimiterRes)) throw rejected;
      const seconds = Math.max(1, Math.ceil(rejected.msBeforeNext / 1000));
      throw new HttpError(
        'rate-limited',
        `more than ${perSecond} requests per second (burst ${burst}); try again in ${seconds} s`,
        { headers: { 'Retry-After': String(seconds) } },
      );
    }
    return next();
  };
}
