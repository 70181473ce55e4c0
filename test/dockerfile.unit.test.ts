// No Docker engine runs here, so the image is checked statically: the Dockerfile as Docker's own grammar reads it
// (dockerfile-ast), against what `npm run build` makes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
const dockerfile = DockerfileParser.parse(fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'));

/** The instructions of each stage, in order, each stage from its FROM on. */
const stages: Instruction[][] = [];
for (const instruction of dockerfile.getInstructions()) {
  if (instruction.getKeyword() === 'FROM') stages.push([]);
  stages.at(-1)?.push(instruction);
}
const [buildStage = [], finalStage = []] = [stages[0], stages.at(-1)];
const args = (i: Instruction): string[] => i.getArguments().map((a) => a.getValue());
const all = (stage: Instruction[], keyword: string): Instruction[] => stage.filter((i) => i.getKeyword() === keyword);
/** An exec-form (JSON array) command, as Docker runs it: no shell. */
const execForm = (text: string): string[] => JSON.parse(text.slice(text.indexOf('[')));
const initialArgs = Object.fromEntries(
  dockerfile.getInitialARGs().map((a) => [a.getProperty()?.getName(), a.getProperty()?.getValue()]),
);
const image = (from: Instruction): string =>
  args(from)[0]!.replace(/^\$\{?(\w+)\}?$/, (_, name: string) => initialArgs[name] ?? `<unset ${name}>`);

describe('Dockerfile', () => {
  it('builds in one stage and runs from another, both on the same Node LTS slim image', () => {
    assert.ok(stages.length >= 2, 'multi-stage');
    const images = dockerfile.getFROMs().map(image);
    // Native modules (better-sqlite3) built in the first stage must run in the last.
    assert.equal(new Set(images).size, 1, `one base image: ${images.join(', ')}`);
    const match = /^node:(\d+)-[a-z]+-slim$/.exec(images[0]!);
    assert.ok(match, `an official node:<major>-<debian>-slim image: ${images[0]}`);
    const major = Number(match[1]);
    assert.equal(major % 2, 0, 'an even major: the lines that become LTS');
    const engines = /^>=(\d+)/.exec(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node);
    assert.ok(major >= Number(engines![1]), "within package.json's engines");
  });

  it('installs, builds and prunes to production dependencies in the build stage, from the sources the build compiles', () => {
    const runs = all(buildStage, 'RUN').map((i) => args(i).join(' '));
    assert.ok(
      runs.some((r) => /\bnpm ci\b/.test(r)),
      runs.join('\n'),
    );
    const build = runs.find((r) => r.includes('npm run build'));
    assert.ok(build && /npm prune --omit=dev/.test(build), `builds, then prunes: ${runs.join('\n')}`);
    const copied = all(buildStage, 'COPY').flatMap((i) => args(i).slice(0, -1));
    const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.build.json'), ts.sys.readFile).config;
    for (const needed of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      ...config.include,
    ])
      assert.ok(copied.includes(needed), `the build stage copies ${needed}`);
  });

  it('copies into the final stage only what the build stage made: dist and the pruned node_modules', () => {
    const copies = all(finalStage, 'COPY') as Copy[];
    assert.ok(copies.length > 0);
    for (const copy of copies) {
      const from = copy
        .getFlags()
        .find((f) => f.getName() === 'from')
        ?.getValue();
      assert.equal(from, 'build', `${copy.toString()} copies from the build stage`);
    }
    assert.deepEqual(copies.flatMap((c) => args(c).slice(0, -1)).sort(), ['/app/dist', '/app/node_modules']);
    assert.deepEqual(all(finalStage, 'RUN'), [], 'nothing installed or built in the final stage');
  });

  it('runs node on the build as a user other than root, with a healthcheck that needs no curl', () => {
    const users = all(finalStage, 'USER').map((i) => args(i)[0]);
    assert.ok(users.length > 0 && !['root', '0'].includes(users.at(-1)!.split(':')[0]!), `USER: ${users}`);
    const cmds = finalStage.filter((i) => i.getKeyword() === 'CMD');
    assert.equal(cmds.length, 1);
    assert.deepEqual(execForm(cmds[0]!.getArgumentsContent()!), ['node', 'dist/src/main.js']);
    assert.ok(fs.existsSync(path.join(ROOT, 'src', 'main.ts')), 'the build makes dist/src/main.js');
    assert.ok(finalStage.indexOf(all(finalStage, 'USER').at(-1)!) < finalStage.indexOf(cmds[0]!), 'USER before CMD');

    const [healthcheck, ...more] = dockerfile.getHEALTHCHECKs();
    assert.ok(
      healthcheck && more.length === 0 && finalStage.includes(healthcheck),
      'one HEALTHCHECK, in the final stage',
    );
    assert.equal(healthcheck.getSubcommand()?.getValue(), 'CMD');
    const command = execForm(healthcheck.getArgumentsContent()!);
    assert.deepEqual(command, ['node', 'dist/src/healthcheck.js']);
    assert.ok(fs.existsSync(path.join(ROOT, 'src', 'healthcheck.ts')), 'the build makes dist/src/healthcheck.js');
  });

  it('keeps the host’s node_modules and builds out of the build context', () => {
    const ignored = fs
      .readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const entry of ['node_modules', 'dist', '.git', '.data']) assert.ok(ignored.includes(entry), entry);
  });
});
