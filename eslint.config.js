// House rules the machine checks (npm run lint, part of npm test, zero warnings).
// The layering: shared/ is pure and imports nothing of ours; renderer/, electron/ and server/ meet only
// in shared/; features reach Dexie tables only through renderer/src/db/ commands and queries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

// Node built-in modules, with and without the node: prefix.
const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib'];
const nodeImports = [...NODE_BUILTINS, ...NODE_BUILTINS.map((m) => `node:${m}`)];

// Globals that exist only in a browser or only in Node; shared/ code runs in both and in Electron main.
const HOST_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'process', 'Buffer', 'require', '__dirname', '__filename', 'global'];

// The Dexie tables of renderer/src/db/db.ts: features never touch them directly.
const DEXIE_TABLES = 'dossiers|procedures|settings|calendarOverrides|counters|outbox|audit|syncState|conflicts|dossierFacts|scanFiles';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**', '.server-data/**', 'bench-results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { 'import-x': importX },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './shared/**/!(*.test).ts', from: ['./renderer', './electron', './server', './test', './scripts'], message: 'shared/ is pure: it imports nothing from the rest of the project.' },
            { target: './renderer', from: ['./electron', './server'], message: 'The renderer reaches the platform only through the host contract (shared/host) and the province only over HTTP.' },
            { target: './server', from: ['./renderer', './electron'], message: 'The server shares only shared/ with the desk.' },
            { target: './electron', from: ['./renderer', './server'], message: 'Electron main and preload share only shared/ with the renderer.' },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Fakes of Electron and of the browser in tests are loosely typed on purpose.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // shared/ runs in Node, in the browser and in Electron main alike: no DOM and no Node API,
    // except in files named *.node.ts (and in the tests, which run in Node).
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.node.ts', 'shared/**/*.test.ts'],
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      'no-restricted-imports': ['error', { paths: nodeImports.map((name) => ({ name, message: 'shared/ uses no Node API; name Node-only files *.node.ts.' })), patterns: [{ group: ['electron', 'dexie', 'react', 'react-dom', 'fastify', 'better-sqlite3'], message: 'shared/ depends on no platform.' }] }],
      'no-restricted-globals': ['error', ...HOST_GLOBALS.map((name) => ({ name, message: 'shared/ uses no DOM or Node global; pass what you need as a parameter.' }))],
    },
  },
  {
    // Screens change data only through db/ commands, and read through db/ queries.
    files: ['renderer/src/features/**/*.{ts,tsx}', 'renderer/src/ui/**/*.{ts,tsx}', 'renderer/src/App.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'dexie', message: 'Features use the commands and queries of renderer/src/db/.' }] }],
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression[object.name='db'][property.name=/^(${DEXIE_TABLES})$/]`,
          message: 'Features touch Dexie tables only through renderer/src/db/ commands (writes, with their audit event) and named queries.',
        },
      ],
    },
  },
);
