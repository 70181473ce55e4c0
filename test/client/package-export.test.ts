// `afterward/client` installed from the production build (npm run build): plain node finds it through the
// package's exports, with require and with import, and TypeScript finds its types. (Inside this repository,
// under tsx, the same exports name the sources: client.test.ts imports it so.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type Receiver, reply, startReceiver } from '../activities/webhooks/receiver';
import { buildDir, buildInto } from '../helpers/production-build';

const run = promisify(execFile);
const TSC = require.resolve('typescript/bin/tsc');

describe('afterward/client from the production build', () => {
  let outDir: string;
  let app: string;
  let api: Receiver;

  before(async () => {
    outDir = buildDir('client-export-');
    await buildInto(outDir);
    // An app of its own, outside this repository, with the build installed as its `afterward` dependency.
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'afterward-client-app-'));
    fs.mkdirSync(path.join(app, 'node_modules'));
    fs.symlinkSync(outDir, path.join(app, 'node_modules', 'afterward'), 'dir');
    // An API that knows no such job.
    api = await startReceiver(
      reply(
        404,
        { 'content-type': 'application/problem+json', 'x-request-id': 'req-1' },
        JSON.stringify({ type: '/docs/problems#not-found', title: 'Not found', status: 404, detail: 'no job' }),
      ),
    );
  });
  after(async () => {
    await api?.close();
    if (app) fs.rmSync(app, { recursive: true, force: true });
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  const script = (importLine: string) => `${importLine}
const afterward = new Afterward({ baseUrl: process.argv.at(-1), apiKey: 'aft_x', retry: { attempts: 1 } });
afterward.jobs.get('email-1').catch((err) => {
  console.log(JSON.stringify({ isAfterwardError: err instanceof AfterwardError, status: err.status, type: err.type, requestId: err.requestId }));
});
`;
  const expected = { isAfterwardError: true, status: 404, type: '/docs/problems#not-found', requestId: 'req-1' };

  for (const [file, importLine] of [
    ['with-require.cjs', "const { Afterward, AfterwardError } = require('afterward/client');"],
    ['with-import.mjs', "import { Afterward, AfterwardError } from 'afterward/client';"],
  ] as const) {
    it(`runs with plain node, ${file.replace(/\..*/, '').replace('-', ' ')}`, async () => {
      fs.writeFileSync(path.join(app, file), script(importLine));
      const { stdout } = await run(process.execPath, [file, api.origin], { cwd: app, env: { PATH: process.env.PATH } });
      assert.deepEqual(JSON.parse(stdout), expected);
    });
  }

  it("gives TypeScript the document's types: a good call compiles, a wrong field does not", async () => {
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          target: 'ES2022',
          // A browser's globals, not Node's: the client needs only fetch.
          lib: ['ES2022', 'DOM'],
          types: [],
          strict: true,
          noEmit: true,
        },
        include: ['app.ts'],
      }),
    );
    const compile = (body: string) => {
      fs.writeFileSync(
        path.join(app, 'app.ts'),
        `import { Afterward, AfterwardError, type Job } from 'afterward/client';
const afterward = new Afterward({ baseUrl: 'http://127.0.0.1:3000', apiKey: 'aft_x' });
export async function signup(): Promise<Job | AfterwardError> {
${body}
}
`,
      );
      return run(process.execPath, [TSC, '-p', app]).then(
        () => '',
        (err: { stdout: string }) => err.stdout,
      );
    };
    assert.equal(
      await compile(`  const job = await afterward.emails.send({ to: ['ada@example.com'], subject: 'Welcome', text: 'Hi' });
  return afterward.jobs.wait(job.id, { timeout: '30s' });`),
      '',
    );
    assert.match(
      await compile(`  return afterward.emails.send({ to: ['ada@example.com'], subjekt: 'Welcome' });`),
      /app\.ts.*'subjekt' does not exist/,
    );
  });
});
