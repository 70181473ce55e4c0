// /openapi.json as tools read it: a validator of OpenAPI 3.1 (not ours) accepts it, openapi-typescript makes
// types of it that compile, and every operation has what a generated client needs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import ts from 'typescript';
import { loadConfig } from '../../src/config';
import { buildOpenApi } from '../../src/http/openapi';
import { openApiTypes } from '../../src/http/openapi-types';

const config = loadConfig({});
const doc = buildOpenApi(
  { email: config.email, webhooks: config.webhooks, audit: config.audit, tasks: config.tasks },
  '0.0.0-test',
);
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
);

/** Every `$ref` in the document. */
function refsOf(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsOf);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : refsOf(value),
  );
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 to @seriousme/openapi-schema-validator', async () => {
    const result = await new Validator().validate(structuredClone(doc) as never);
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  it('has no reference that does not resolve in it', () => {
    const unresolved = refsOf(doc).filter((ref) => {
      if (!ref.startsWith('#/')) return true;
      let node: unknown = doc;
      for (const part of ref.slice(2).split('/'))
        node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      return node === undefined;
    });
    assert.deepEqual(unresolved, []);
  });

  it('gives every operation a unique camelCase operationId, a tag of the document, its scopes and each answer', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const { route, operation } of operations) {
      assert.match(operation.operationId, /^[a-z][A-Za-z]+$/, route);
      assert.equal(operation.tags.length, 1, route);
      assert.ok(tags.has(operation.tags[0]!), `${route}: tag ${operation.tags[0]}`);
      assert.ok(operation.security.length > 0 || operation['x-scopes'] === 'public', route);
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((s) => /^2\d\d$/.test(s));
      assert.ok(success.length > 0, `${route} documents a 2xx`);
      for (const status of success) {
        const response = operation.responses[status] as { content?: Record<string, { schema?: unknown }> };
        if (status === '204') assert.equal(response.content, undefined, `${route}: 204 has no body`);
        else assert.ok(response.content, `${route}: ${status} says what it answers`);
        for (const [type, media] of Object.entries(response.content ?? {}))
          if (type === 'application/json') assert.ok(media.schema, `${route}: ${status} has a schema`);
      }
      for (const status of statuses.filter((s) => /^[45]\d\d$/.test(s)))
        assert.ok((operation.responses[status] as { content?: object }).content, `${route}: ${status} has a body`);
    }
    assert.ok(ids.includes('sendEmail') && ids.includes('getJob') && ids.includes('createSchedule'));
  });

  it('documents the Idempotency-Key of every start route, and the headers of its answer', () => {
    const starts = operations.filter(({ operation }) =>
      operation.parameters.some((p) => '$ref' in p && p.$ref === '#/components/parameters/IdempotencyKey'),
    );
    assert.deepEqual(starts.map(({ operation }) => operation.operationId).sort(), [
      'enqueueTask',
      'sendEmail',
      'sendEmailBatch',
      'sendWebhook',
      'startPing',
      'startSequence',
    ]);
    for (const { route, operation } of starts) {
      const accepted = operation.responses['202'] as { headers: Record<string, unknown> };
      assert.deepEqual(
        Object.keys(accepted.headers).sort(),
        ['Idempotent-Replayed', 'Location', 'X-Request-Id'],
        route,
      );
      assert.ok(operation.requestBody?.content['application/json'].example, `${route} has an example`);
    }
    const task = doc.paths['/v1/tasks/{type}']!.post!.requestBody!.content['application/json'].schema as {
      properties: object;
    };
    assert.ok(!('type' in task.properties), 'the task type is in the path, not the body');
  });

  it('holds examples that its own schemas accept', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(structuredClone(doc), 'openapi');
    const pointer = (...segments: string[]) =>
      'openapi#/' + segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
    let examples = 0;
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(methods)) {
        const example = operation.requestBody?.content['application/json'].example;
        if (example === undefined) continue;
        const validate = ajv.getSchema(
          pointer('paths', path, method, 'requestBody', 'content', 'application/json', 'schema'),
        )!;
        assert.ok(validate(example), `${operation.operationId}: ${ajv.errorsText(validate.errors)}`);
        examples++;
      }
    for (const [name, schema] of Object.entries(doc.components.schemas as Record<string, { examples?: unknown[] }>))
      for (const example of schema.examples ?? []) {
        const validate = ajv.getSchema(pointer('components', 'schemas', name))!;
        assert.ok(validate(example), `${name}: ${ajv.errorsText(validate.errors)}`);
        examples++;
      }
    assert.ok(examples >= 6, `only ${examples} examples`);
  });

  it('becomes types with openapi-typescript that compile, and type the answers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-api-types-'));
    fs.writeFileSync(path.join(dir, 'api-types.ts'), await openApiTypes());
    // A wrong use must fail to compile, so the types are not `any`.
    fs.writeFileSync(
      path.join(dir, 'use.ts'),
      `import type { components, operations, paths } from './api-types';
type Json<O extends keyof operations, S extends keyof operations[O]['responses']> =
  operations[O]['responses'][S] extends { content: { 'application/json': infer B } } ? B : never;
export const job: Json<'getJob', 200> = ${JSON.stringify((doc.components.schemas as any).Job.examples[0])};
export const status: components['schemas']['Job']['status'] = job.status;
export const email: paths['/v1/emails']['post']['requestBody']['content']['application/json'] = { to: ['a@example.com'], subject: 'Hi' };
export const page: Json<'listJobs', 200> = { jobs: [], nextCursor: null };
// @ts-expect-error not a status a job has
export const wrong: components['schemas']['Job']['status'] = 'finished';
`,
    );
    const program = ts.createProgram([path.join(dir, 'use.ts')], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    fs.rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(diagnostics, []);
  });
});
