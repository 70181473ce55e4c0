import cors from '@koa/cors';
import Router from '@koa/router';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { Middleware } from 'koa';
import { HttpError } from '../errors';
import { codecRequestSchema } from '../schemas/codec';
import { validate } from '../validate';

export interface CodecDeps {
  /** Undefined when no PAYLOAD_KEYS are set: payloads pass through unchanged. */
  codec?: PayloadCodec;
  /** The Temporal UI's origin, which calls the codec from the browser (CORS). */
  uiOrigin?: string;
}

const PATHS = {
  encode: ['/codec/encode', '/codec/:apiKey/encode'],
  decode: ['/codec/decode', '/codec/:apiKey/decode'],
};

/**
 * Temporal's codec server protocol, so the Temporal UI and CLI show plaintext to callers with
 * `codec:decode`: `{payloads: [{metadata: {key: base64}, data: base64}]}` in and out.
 */
export function createCodecRouter({ codec }: CodecDeps): Router {
  const router = new Router();
  for (const direction of ['encode', 'decode'] as const) {
    router.post(PATHS[direction], async (ctx) => {
      const { payloads } = validate(codecRequestSchema, ctx.request.body);
      const decoded: Payload[] = payloads.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
        data: Buffer.from(p.data, 'base64'),
      }));
      let result: Payload[];
      try {
        result = codec ? await codec[direction](decoded) : decoded;
      } catch (err) {
        throw new HttpError('undecodable-payloads', (err as Error).message);
      }
      ctx.body = {
        payloads: result.map((p) => ({
          metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, base64(v)])),
          data: base64(p.data),
        })),
      };
    });
  }
  return router;
}

/** CORS for the codec paths only: the Temporal UI's origin may call them with its credentials and headers. */
export function codecCors({ uiOrigin }: CodecDeps): Middleware {
  if (!uiOrigin) return (_ctx, next) => next();
  const allow = cors({
    origin: uiOrigin,
    allowMethods: ['POST'],
    allowHeaders: ['Authorization', 'Content-Type', 'X-Namespace'],
    credentials: true,
    maxAge: 600,
  });
  return (ctx, next) => (ctx.path.startsWith('/codec/') ? allow(ctx, next) : next());
}

function base64(bytes: Uint8Array | null | undefined): string {
  return Buffer.from(bytes ?? []).toString('base64');
}
