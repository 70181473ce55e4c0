// `npm run build [-- --out-dir DIR]`: the production build in dist/ (or DIR). tsc compiles src/, activities/ and
// workflows/ to CommonJS for plain node (tsconfig.build.json), the files they read at run time are copied beside
// them, and webpack bundles the workflows once, into DIR/workflows.bundle.js, which the worker loads instead of
// bundling at every start (src/temporal/workflow-code.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import ts from 'typescript';
import { PROJECT_ROOT } from '../temporal/go-install';
import { WORKFLOW_BUNDLE_FILE, WORKFLOW_SOURCES } from '../temporal/workflow-code';

const TSCONFIG = 'tsconfig.build.json';
/** The compiled trees (src, activities, workflows); their non-TypeScript files (YAML, …) are what the code reads beside itself. */
const SOURCE_DIRS: string[] = ts.readConfigFile(path.join(PROJECT_ROOT, TSCONFIG), ts.sys.readFile).config.include;

const log = (line: string): void => console.log(`[build] ${line}`);

function compile(outDir: string): void {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', TSCONFIG, '--outDir', outDir], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`tsc failed (exit ${result.status ?? result.signal})`);
}

function copyRuntimeFiles(outDir: string): string[] {
  const copied: string[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const entry of fs.readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || /\.tsx?$/.test(entry.name)) continue;
      const relative = path.relative(PROJECT_ROOT, path.join(entry.parentPath, entry.name));
      fs.mkdirSync(path.dirname(path.join(outDir, relative)), { recursive: true });
      fs.copyFileSync(path.join(PROJECT_ROOT, relative), path.join(outDir, relative));
      copied.push(relative);
    }
  }
  return copied;
}

async function build(outDir: string): Promise<void> {
  const started = Date.now();
  const root = path.relative(outDir, PROJECT_ROOT);
  if (!root.startsWith('..') && !path.isAbsolute(root)) throw new Error(`--out-dir ${outDir} holds the project itself`);
  fs.rmSync(outDir, { recursive: true, force: true });
  compile(outDir);
  log(`compiled ${SOURCE_DIRS.join(', ')} into ${outDir}`);
  // The package.json beside the code makes DIR an installable package: its exports name `afterward/client`.
  fs.copyFileSync(path.join(PROJECT_ROOT, 'package.json'), path.join(outDir, 'package.json'));
  const copied = copyRuntimeFiles(outDir);
  log(`copied ${copied.length} file(s) the code reads at run time: ${copied.join(', ') || 'none'}`);
  const { code } = await bundleWorkflowCode({ ...WORKFLOW_SOURCES, logger: new DefaultLogger('WARN') });
  fs.writeFileSync(path.join(outDir, WORKFLOW_BUNDLE_FILE), code);
  log(
    `bundled the workflows into ${path.join(outDir, WORKFLOW_BUNDLE_FILE)} (${(code.length / 2 ** 20).toFixed(1)} MiB)`,
  );
  log(
    `done in ${((Date.now() - started) / 1000).toFixed(1)} s; run it with node ${path.join(outDir, 'src', 'main.js')}`,
  );
}

const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' } } });
build(path.resolve(values['out-dir'])).catch((err: Error) => {
  log(err.message);
  process.exitCode = 1;
});
