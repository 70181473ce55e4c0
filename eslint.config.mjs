// Boundaries from DESIGN.md: workflows stay deterministic, activities get their deps injected,
// and only src/ wires processes together.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import importX from 'eslint-plugin-import-x';

// Every Node built-in, from Node itself: a hand-picked list misses the next one.
const nodeBuiltins = builtinModules
  .filter((name) => !name.startsWith('_'))
  .flatMap((name) => (name.startsWith('node:') ? [name] : [name, `node:${name}`]));
// src/ reaches an area of activities/ through its index module (activities/<area>), never a file inside it.
const activitiesByIndex = {
  group: ['**/activities/*/**'],
  message: 'src/ imports activities through their index modules: activities/<area>, not a file inside it.',
};
const restrict = (...patterns) => ['error', { patterns: [activitiesByIndex, ...patterns] }];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.scratch/',
      '.data/',
      '.temporal/',
      'test-output/',
      'bench/results/',
      '.venv-examples/',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    // Tests read JSON responses field by field; typing every body would add noise, not safety.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflows are deterministic: no Node built-ins.' })),
          patterns: [
            {
              group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker', '@temporalio/testing'],
              message: 'Workflows may only import @temporalio/workflow and @temporalio/common.',
            },
            {
              group: ['nodemailer', 'koa', 'undici', 'kysely', 'pg', 'better-sqlite3', 'pino'],
              message: 'Side effects live in activities.',
            },
            { group: ['**/src/**', '../src/*'], message: 'Workflows never import process wiring.' },
            {
              group: ['**/activities/**', '../activities/*'],
              allowTypeImports: true,
              message: 'Workflows import activities as types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['activities/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['koa', '@koa/*'], message: 'Activities do not know about HTTP.' },
            {
              group: ['**/src/**', '../src/*'],
              message: 'Activities get their dependencies through createActivities(deps).',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Configuration reaches activities through createActivities(deps).',
        },
      ],
    },
  },
  // Each later block repeats activitiesByIndex: ESLint replaces a rule's options per file, it does not merge them.
  { files: ['src/**/*.ts', 'src/**/*.tsx'], rules: { '@typescript-eslint/no-restricted-imports': restrict() } },
  {
    files: ['src/kinds/**/*.ts', 'src/jobs/**/*.ts', 'src/schedules/**/*.ts', 'src/audit/**/*.ts', 'src/tasks/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({
        group: ['**/http/**', '../http/*'],
        message: 'The domain does not know it is served over HTTP.',
      }),
    },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({
        group: ['@temporalio/worker'],
        message: 'The API never runs a worker.',
      }),
    },
  },
  {
    files: ['src/dashboard/**/*.ts', 'src/dashboard/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({
        group: ['@temporalio/worker'],
        message: 'The dashboard is served by the API, which never runs a worker.',
      }),
    },
  },
  {
    // The dashboard's browser scripts: plain ES modules, loaded as they are (no build step).
    files: ['src/dashboard/assets/**/*.js'],
    languageOptions: { sourceType: 'module' },
  },
  {
    files: ['src/worker.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict({
        group: ['koa', '@koa/*'],
        message: 'The worker never serves HTTP.',
      }),
    },
  },
);
