// The routes of the service itself: health, the API's documents, metrics, and Temporal's codec server protocol.
import { z } from 'zod';
import { codecRequestSchema } from '../schemas/codec';
import { livenessSchema, payloadsSchema, readinessSchema } from '../schemas/responses/service';
import { answer, ok, op, type Operation, PUBLIC } from './operation';

const codec = { body: () => codecRequestSchema, responses: ok(payloadsSchema) };

export const SERVICE_OPERATIONS: Readonly<Record<string, Operation>> = {
  'GET /healthz': op('checkLiveness', PUBLIC, 'Liveness: the process answers', {
    responses: ok(livenessSchema, 'The process answers'),
  }),
  'GET /readyz': op('checkReadiness', PUBLIC, 'Readiness: Temporal answers and a worker polls the task queue', {
    responses: {
      ...ok(readinessSchema, 'Ready'),
      503: answer(readinessSchema, 'Not ready: `checks` says what is wrong'),
    },
  }),
  'GET /openapi.json': op('getOpenApiDocument', PUBLIC, 'This API as an OpenAPI 3.1 document', {
    responses: ok(z.record(z.string(), z.unknown()), 'The document'),
  }),
  'GET /docs': op('getDocsPage', PUBLIC, 'This API as a page to read', {
    responses: { 200: { description: 'The page', type: 'text/html' } },
  }),
  'GET /docs/redoc.standalone.js': op('getDocsScript', PUBLIC, 'The script that renders /docs (Redoc)', {
    responses: { 200: { description: 'The script', type: 'text/javascript' }, 304: { description: 'Not modified' } },
  }),
  'GET /docs/problems': op(
    'getProblemTypesPage',
    PUBLIC,
    'Every problem type an error answers with: its status, title and meaning',
    { responses: { 200: { description: 'The page', type: 'text/html' } } },
  ),
  'GET /metrics': op('getMetrics', ['metrics:read'], 'Prometheus metrics of the HTTP API and the process', {
    responses: { 200: { description: 'The Prometheus text format', type: 'text/plain', schema: z.string() } },
  }),
};

export const CODEC_OPERATIONS: Readonly<Record<string, Operation>> = {
  // Temporal's codec server protocol. The `:apiKey` form carries the key in the path for the Temporal UI, which sends no header.
  'POST /codec/encode': op(
    'encodePayloads',
    ['codec:encode'],
    'Encrypt payloads (Temporal codec server protocol)',
    codec,
  ),
  'POST /codec/decode': op(
    'decodePayloads',
    ['codec:decode'],
    'Decrypt payloads (Temporal codec server protocol)',
    codec,
  ),
  'POST /codec/:apiKey/encode': op(
    'encodePayloadsKeyInPath',
    ['codec:encode'],
    'As POST /codec/encode, the API key in the path',
    codec,
  ),
  'POST /codec/:apiKey/decode': op(
    'decodePayloadsKeyInPath',
    ['codec:decode'],
    'As POST /codec/decode, the API key in the path',
    codec,
  ),
};
