import path from 'node:path';
import openapiTS, { UNKNOWN, astToString } from 'openapi-typescript';
import prettier from 'prettier';
import { version } from '../../package.json';
import { loadConfig } from '../config';
import { buildOpenApi } from './openapi';

/** Where the TypeScript client's types live: generated, committed, checked by test/http/openapi-types.unit.test.ts. */
export const API_TYPES_FILE = path.resolve(__dirname, '../client/api-types.ts');

const HEADER = `// Generated from /openapi.json by openapi-typescript: do not edit. Regenerate with npm run openapi:types -- --write.\n`;

/** The document with the default settings, as TypeScript (`paths`, `components`, `operations`), formatted as the repository is. */
export async function openApiTypes(): Promise<string> {
  const { email, webhooks, audit, tasks } = loadConfig({});
  const doc = buildOpenApi({ email, webhooks, audit, tasks }, version);
  // A default in a request schema is the server's to apply: the field stays optional for the client.
  const ast = await openapiTS(doc as never, {
    defaultNonNullable: false,
    silent: true,
    // Any JSON value (a webhook's payload): TypeScript refuses the recursive union as openapi-typescript writes it.
    transform: (_schema, { path }) => (path === '#/components/schemas/JsonValue' ? UNKNOWN : undefined),
  });
  const options = await prettier.resolveConfig(API_TYPES_FILE);
  return prettier.format(HEADER + astToString(ast), { ...options, filepath: API_TYPES_FILE });
}
