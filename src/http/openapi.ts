import type Router from '@koa/router';
import { z } from 'zod';
import { OPERATIONS, PUBLIC, type SchemaDeps } from './operations';
import { PROBLEMS_PAGE, PROBLEM_TYPES, type ProblemKind, problemTypeUri } from './problem-types';
import { routeKeys } from './route-match';

type JsonSchema = Record<string, unknown>;

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  'x-scopes': readonly string[] | typeof PUBLIC;
  parameters: { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema }[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  security?: Record<string, string[]>[];
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, unknown>;
}

/** The request side of a schema (what a client sends); refinements have no JSON Schema form and are left out. */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
}

const problem = {
  description: 'A problem (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

/** OpenAPI 3.1 for every route the routers hold, with the schemas that validate its requests. */
export function buildOpenApi(routers: readonly Router[], deps: SchemaDeps, version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const key of routeKeys(routers)) {
    const [method, template] = key.split(' ') as [string, string];
    const operation = OPERATIONS[key];
    if (!operation) continue; // refused at run time, and a failing test
    const path = template.replace(/:(\w+)/g, '{$1}');
    const pathParameters = [...template.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1]!,
      in: 'path' as const,
      required: true,
      schema: { type: 'string' },
    }));
    const query = operation.query
      ? (jsonSchema(operation.query(deps)) as { properties?: Record<string, JsonSchema>; required?: string[] })
      : undefined;
    const queryParameters = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query' as const,
      required: query?.required?.includes(name) ?? false,
      schema,
    }));
    paths[path] ??= {};
    paths[path]![method.toLowerCase()] = {
      operationId: key,
      summary: operation.summary,
      'x-scopes': operation.scopes,
      parameters: [...pathParameters, ...queryParameters],
      ...(operation.body
        ? {
            requestBody: {
              required: true as const,
              content: { 'application/json': { schema: jsonSchema(operation.body(deps)) } },
            },
          }
        : {}),
      // Any one of the scopes will do: one security requirement per scope.
      ...(operation.scopes === PUBLIC
        ? { security: [] }
        : { security: operation.scopes.map((scope) => ({ apiKey: [scope] })) }),
      responses: {
        '2XX': { description: 'Success', content: { 'application/json': {} } },
        '4XX': problem,
        '5XX': problem,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Afterward',
      version,
      description:
        'Durable background jobs on Temporal. Send `Authorization: Bearer <API key>`; each operation lists the scopes that may call it.',
    },
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An Afterward API key' } },
      schemas: {
        Problem: {
          type: 'object',
          properties: {
            type: {
              type: 'string',
              enum: (Object.keys(PROBLEM_TYPES) as ProblemKind[]).map(problemTypeUri),
              description: `What the problem is: each one is documented at ${PROBLEMS_PAGE}`,
            },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            requestId: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  field: { type: 'string' },
                  message: { type: 'string' },
                  in: { enum: ['query', 'header'] },
                },
                required: ['field', 'message'],
              },
            },
          },
          required: ['type', 'title', 'status'],
        },
      },
    },
  };
}
