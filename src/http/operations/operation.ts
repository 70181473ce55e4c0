// What the operations table holds for each route, and the builders its entries are written with.
import { z } from 'zod';
import type { KindDeps } from '../../kinds/kind';
import type { Scope } from '../../security/scopes';
import type { HeaderName } from '../schemas/responses/headers';

/** The settings some schemas are built from, as the routers build them. */
export type SchemaDeps = KindDeps;

export const PUBLIC = 'public';

export interface Operation {
  /** The name a generated client gives the call: unique, camelCase (`getJob`). */
  operationId: string;
  /** A key holding any one of these scopes may call the route; `public` routes need no key. */
  scopes: readonly Scope[] | typeof PUBLIC;
  summary: string;
  /** The schemas the route validates with: they generate /openapi.json. */
  body?: (deps: SchemaDeps) => z.ZodType;
  query?: (deps: SchemaDeps) => z.ZodType;
  /** What it answers, by status: each 2xx it can give, and problems of its own beyond those every operation has. */
  responses?: Readonly<Record<number, Answer>>;
  /** Takes an Idempotency-Key (the start routes). */
  idempotent?: boolean;
  /** A request body, for the document. */
  example?: unknown;
}

/** One answer of an operation. */
export interface Answer {
  description: string;
  /** The body, as the route writes it (`application/json` unless `type` says otherwise). */
  schema?: z.ZodType;
  type?: string;
  headers?: readonly HeaderName[];
  example?: unknown;
}

export const op = (
  operationId: string,
  scopes: Operation['scopes'],
  summary: string,
  schemas: Pick<Operation, 'body' | 'query' | 'responses' | 'idempotent' | 'example'> = {},
): Operation => ({ operationId, scopes, summary, ...schemas });
export const anyObject = () => z.record(z.string(), z.unknown());
export const answer = (schema: z.ZodType, description: string, headers?: HeaderName[]): Answer => ({
  description,
  schema,
  headers,
});
export const ok = (schema: z.ZodType, description = 'OK') => ({ 200: answer(schema, description) });
export const accepted = (schema: z.ZodType, description: string, headers?: HeaderName[]) => ({
  202: answer(schema, description, headers),
});
export const created = (schema: z.ZodType) => ({ 201: answer(schema, 'Created', ['Location']) });
export const NO_CONTENT = { 204: { description: 'Done: no body' } };
/** A problem of the operation's own (a status without a schema answers a Problem). */
export const conflict = (description: string) => ({ 409: { description } });
