import { SchemaComponents, type JsonSchema } from './json-schema-components';
import { type Answer, OPERATIONS, PUBLIC, type Operation, type SchemaDeps } from './operations';
import { PROBLEMS_PAGE } from './problem-types';
import { HEADERS, type HeaderName } from './schemas/responses/headers';
import { problemSchema } from './schemas/responses/problem';

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  'x-scopes': readonly string[] | typeof PUBLIC;
  parameters: ({ $ref: string } | { name: string; in: 'path' | 'query'; required: boolean; schema: JsonSchema })[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema; example?: unknown } } };
  security: Record<string, string[]>[];
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, unknown>;
}

/** The tag of each path (the first that matches), in the order the docs page shows them. */
const TAGS: readonly { name: string; description: string; path: RegExp }[] = [
  { name: 'Emails', description: 'Send an email now or at a time, over SMTP', path: /^\/v1\/emails/ },
  {
    name: 'Email templates',
    description: 'Stored subjects and bodies (Liquid) that an email renders with its data',
    path: /^\/v1\/email-templates/,
  },
  {
    name: 'Email batches',
    description: 'One template to up to 10,000 recipients as one job: progress, recipients, pause, retry the failed',
    path: /^\/v1\/(email-batches|jobs\/:id\/(pause|resume|recipients))/,
  },
  { name: 'Webhooks', description: 'Deliver an event to webhook endpoints, signed', path: /^\/v1\/webhooks/ },
  {
    name: 'Tasks',
    description: "Run a task: a call to an endpoint of your app, and the async task's answers",
    path: /^\/v1\/(tasks\/|jobs\/:id\/(complete|fail|progress)$)/,
  },
  { name: 'Sequences', description: 'Steps of several kinds, in order, in one job', path: /^\/v1\/sequences/ },
  { name: 'Pings', description: 'A diagnostic job', path: /^\/v1\/pings/ },
  { name: 'Audit', description: 'An append-only, hash-chained audit log', path: /^\/v1\/audit-events/ },
  { name: 'Jobs', description: 'Every job, whatever its kind: read, list, cancel, retry', path: /^\/v1\/jobs/ },
  { name: 'Schedules', description: 'Start jobs on a calendar or interval', path: /^\/v1\/schedules/ },
  {
    name: 'Webhook endpoints',
    description: 'Where webhooks go: URLs, secrets, recovery',
    path: /^\/v1\/webhook-endpoints/,
  },
  {
    name: 'Task types',
    description: 'The endpoints of your app that task jobs call, and the secret that signs the calls',
    path: /^\/v1\/task-(types|signing-secret)/,
  },
  { name: 'Codec', description: "Temporal's codec server protocol, for the Temporal UI and CLI", path: /^\/codec\// },
  { name: 'Health', description: 'Liveness, readiness and metrics', path: /^\/(healthz|readyz|metrics)$/ },
  { name: 'Documentation', description: 'This document, and pages to read', path: /^\/(openapi\.json|docs)/ },
];

function tagOf(template: string): string {
  const tag = TAGS.find((t) => t.path.test(template));
  if (!tag) throw new Error(`no tag for ${template}: add it to TAGS`);
  return tag.name;
}

const PARAMETERS = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes the start safe to retry: a request with a key this API key sent before answers the first job again (Idempotent-Replayed: true); with another body, 422.',
    schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
  },
  RequestId: {
    name: 'X-Request-Id',
    in: 'header',
    required: false,
    description: 'Your id for the request (1-128 of `A-Za-z0-9._:-`): answered back and logged',
    schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
  },
} as const;

const headerRefs = (names: readonly HeaderName[]) =>
  Object.fromEntries(
    (['X-Request-Id', ...names] as const).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
  );

/** A start route's body schema holds its path parameters (`/v1/tasks/:type`): the client sends them in the path only. */
function withoutFields(schema: JsonSchema, names: readonly string[]): JsonSchema {
  const { properties, required } = schema as { properties?: Record<string, JsonSchema>; required?: string[] };
  if (!properties || !names.some((name) => name in properties)) return schema;
  return {
    ...schema,
    properties: Object.fromEntries(Object.entries(properties).filter(([name]) => !names.includes(name))),
    ...(required ? { required: required.filter((name) => !names.includes(name)) } : {}),
  };
}

/** The problems every operation may answer with, besides the ones it names: which depend on what it takes. */
function problemsOf(operation: Operation, template: string): Record<string, Answer> {
  const problem = (description: string, headers: HeaderName[] = []): Answer => ({ description, headers });
  const guarded = operation.scopes !== PUBLIC;
  return {
    400: problem('The request is wrong: `errors` names each field'),
    ...(guarded
      ? {
          401: problem('No API key, or one the server does not hold', ['WWW-Authenticate']),
          403: problem("The API key lacks the operation's scope: `requiredScopes`"),
        }
      : {}),
    ...(template.includes(':') ? { 404: problem('There is nothing with this id') } : {}),
    ...(operation.body ? { 413: problem('The body is too large'), 415: problem('The body is not JSON') } : {}),
    ...(guarded ? { 429: problem("Over the API key's rate", ['Retry-After']) } : {}),
    500: problem('An unexpected failure: the log has it under the requestId'),
    ...(template.startsWith('/v1/') ? { 503: problem('Temporal did not answer', ['Retry-After']) } : {}),
  };
}

/** OpenAPI 3.1 for every operation of the API, with the schemas that validate its requests and describe its answers. */
export function buildOpenApi(deps: SchemaDeps, version: string): OpenApiDocument {
  const components = new SchemaComponents();
  const problemRef = components.add(problemSchema, 'output');
  const paths: OpenApiDocument['paths'] = {};
  for (const [key, operation] of Object.entries(OPERATIONS)) {
    const [method, template] = key.split(' ') as [string, string];
    const path = template.replace(/:(\w+)/g, '{$1}');
    const pathParameters = [...template.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1]!,
      in: 'path' as const,
      required: true,
      schema: { type: 'string' },
    }));
    const query = operation.query
      ? (components.add(operation.query(deps), 'input') as {
          properties?: Record<string, JsonSchema>;
          required?: string[];
        })
      : undefined;
    const queryParameters = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query' as const,
      required: query?.required?.includes(name) ?? false,
      schema,
    }));
    const answers: Record<string, Answer> = { ...problemsOf(operation, template), ...operation.responses };
    const responses = Object.fromEntries(
      Object.entries(answers).map(([status, answer]) => {
        const isProblem = Number(status) >= 400 && !answer.schema;
        const schema = isProblem ? problemRef : answer.schema && components.add(answer.schema, 'output');
        const type = isProblem ? 'application/problem+json' : (answer.type ?? 'application/json');
        return [
          status,
          {
            description: answer.description,
            headers: headerRefs(answer.headers ?? []),
            ...(schema || answer.type
              ? {
                  content: {
                    [type]: {
                      ...(schema ? { schema } : {}),
                      ...(answer.example === undefined ? {} : { example: answer.example }),
                    },
                  },
                }
              : {}),
          },
        ];
      }),
    );
    paths[path] ??= {};
    paths[path]![method.toLowerCase()] = {
      operationId: operation.operationId,
      summary: operation.summary,
      tags: [tagOf(template)],
      'x-scopes': operation.scopes,
      parameters: [
        ...pathParameters,
        ...queryParameters,
        ...(operation.idempotent ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
        { $ref: '#/components/parameters/RequestId' },
      ],
      ...(operation.body
        ? {
            requestBody: {
              required: true as const,
              content: {
                'application/json': {
                  schema: withoutFields(
                    components.add(operation.body(deps), 'input'),
                    pathParameters.map((p) => p.name),
                  ),
                  ...(operation.example === undefined ? {} : { example: operation.example }),
                },
              },
            },
          }
        : {}),
      // Any one of the scopes will do: one security requirement per scope.
      security: operation.scopes === PUBLIC ? [] : operation.scopes.map((scope) => ({ apiKey: [scope] })),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Afterward',
      version,
      description: `Durable background jobs on Temporal. Send \`Authorization: Bearer <API key>\`; each operation lists the scopes that may call it, any one of which will do. Errors are \`application/problem+json\` (RFC 9457); their types are documented at [${PROBLEMS_PAGE}](${PROBLEMS_PAGE}).`,
    },
    tags: TAGS.map(({ name, description }) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An Afterward API key. Each operation names the scopes that may call it (`x-scopes`).',
        },
      },
      schemas: components.schemas,
      headers: HEADERS,
      parameters: PARAMETERS,
    },
  };
}
