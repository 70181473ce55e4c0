import assert from 'node:assert/strict';
import { it } from 'node:test';
import { workflowBundle } from '../helpers/temporal';

it('bundles the workflows for the sandbox without any Node module leaking in', async () => {
  // The bundler fails on Node built-ins and warns on non-deterministic modules; either would throw here.
  const { code } = await workflowBundle();
  assert.match(code, /ping/);
});
