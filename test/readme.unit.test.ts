import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import GithubSlugger from 'github-slugger';
import { CONFIG_VARIABLES, loadConfig } from '../src/config';
import { CONFIG_DOC, configTable, documentedVariables, tableSpan } from '../src/config/docs';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
/** The README and every page of docs/, as paths from the root. */
const PAGES = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The text outside fenced code blocks, a line each (code lines blanked, so line numbers stay). */
const prose = (text: string): string[] => {
  let fenced = false;
  return text.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
};

/** The anchors GitHub gives a page's headings. */
const anchors = (text: string): Set<string> => {
  const slugger = new GithubSlugger();
  return new Set(
    prose(text)
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => slugger.slug(line.replace(/^#+ /, '').replace(/[`*_]|\[([^\]]*)\]\([^)]*\)/g, '$1'))),
  );
};

describe('the documented configuration', () => {
  it(`is the table the schemas give, in ${CONFIG_DOC}`, () => {
    const page = read(CONFIG_DOC);
    const { start, end } = tableSpan(page);
    assert.equal(page.slice(start, end), configTable(), 'run npm run docs:config -- --write');
  });

  it(`lists exactly the variables the service reads, aliases included, in the ${CONFIG_DOC} table`, () => {
    const page = read(CONFIG_DOC);
    const { start, end } = tableSpan(page);
    const documented = new Set(
      [...page.slice(start, end).matchAll(/^\|([^|]+)\|/gm)].flatMap((row) =>
        [...row[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!),
      ),
    );
    assert.deepEqual([...documented].sort(), [...CONFIG_VARIABLES].sort());
  });

  it("names in the README's table of the settings most people need ten variables the service reads, each with its default", () => {
    const section = read('README.md').split('\n## Configuration\n')[1]!.split('\n## ')[0]!;
    const rows = [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)` \| ([^|]+) \|/gm)];
    const variables = new Map(documentedVariables().map((v) => [v.name, v]));
    assert.equal(rows.length, 10);
    for (const [, name, shownDefault] of rows) {
      assert.ok(variables.has(name!), `${name} is a variable the service reads`);
      assert.equal(shownDefault!.trim(), variables.get(name!)!.shownDefault, `the default of ${name}`);
    }
  });

  it('lists every variable in .env.example under its own name, blank or with its default, and the service accepts it', () => {
    const lines = read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z]/.test(line));
    const env = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const variables = documentedVariables();
    assert.deepEqual(Object.keys(env).sort(), variables.map((v) => v.name).sort());
    for (const v of variables)
      assert.ok(env[v.name] === '' || env[v.name] === v.default, `${v.name}=${env[v.name]} is blank or ${v.default}`);
    assert.doesNotThrow(() => loadConfig(env));
  });
});

describe('the README and docs/', () => {
  it('send the API key with every curl to /v1/, so a copied line is not a 401', () => {
    const bare = PAGES.flatMap((page) =>
      read(page)
        .replace(/\\\n/g, ' ') // a command continued over several lines is one command
        .split('\n')
        .flatMap((line) => line.match(/\bcurl\s.*/g) ?? [])
        .filter((command) => command.includes('/v1/') && !/-H ["']authorization: Bearer \$\w+["']/i.test(command))
        .map((command) => `${page}: ${command}`),
    );
    assert.deepEqual(bare, []);
  });

  it('link only to files that exist, and to headings those pages have', () => {
    const broken = PAGES.flatMap((page) =>
      prose(read(page)).flatMap((line, index) =>
        [...line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)]
          .map((m) => m[1]!)
          .filter((link) => !/^[a-z]+:/.test(link))
          .flatMap((link) => {
            const [target, anchor] = link.split('#') as [string, string | undefined];
            const file = target === '' ? path.join(ROOT, page) : path.resolve(ROOT, path.dirname(page), target);
            const problem = !fs.existsSync(file)
              ? 'no such file'
              : anchor !== undefined && !anchors(fs.readFileSync(file, 'utf8')).has(anchor)
                ? 'no such heading'
                : undefined;
            return problem ? [`${page}:${index + 1}: ${link}: ${problem}`] : [];
          }),
      ),
    );
    assert.deepEqual(broken, []);
  });
});
