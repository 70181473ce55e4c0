// src/client/api-types.ts is what openapi-typescript makes of the document today: the client is typed on the API as it is.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { API_TYPES_FILE, openApiTypes } from '../../src/http/openapi-types';

describe('src/client/api-types.ts', () => {
  it('is what openapi-typescript generates from /openapi.json', async () => {
    const generated = await openApiTypes();
    assert.ok(
      fs.existsSync(API_TYPES_FILE) && fs.readFileSync(API_TYPES_FILE, 'utf8') === generated,
      'src/client/api-types.ts is out of date: run npm run openapi:types -- --write',
    );
    for (const name of ['paths', 'components', 'operations'])
      assert.match(generated, new RegExp(`^export interface ${name} \\{`, 'm'), `exports ${name}`);
  });
});
