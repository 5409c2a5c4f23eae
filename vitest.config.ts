import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { fileURLToPath } from 'node:url';

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) };

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// The server and sync suites run a second time on PostgreSQL when a cluster is configured
// (SYNC_TEST_PG_URL), and always under CI=true, where a missing cluster fails the run.
const SERVER_TESTS = ['server/**/*.test.ts', 'test/sync/**/*.test.ts'];
const withPostgres = Boolean(process.env.SYNC_TEST_PG_URL) || process.env.CI === 'true';
if (!withPostgres && !process.env.VITEST_WORKER_ID) console.log('PostgreSQL server tests skipped: set SYNC_TEST_PG_URL=postgres://… to run them (CI=true requires it).');

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/src/**/*.node.test.ts', 'test/forms/**/*.test.ts', 'test/reports/**/*.test.ts', 'server/**/*.test.ts', 'test/sync/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      ...(withPostgres
        ? [
            {
              resolve: { alias },
              test: {
                name: 'node-pg',
                environment: 'node',
                include: SERVER_TESTS,
                exclude: ['server/migrations.test.ts'],
                env: { SYNC_TEST_DB: 'postgres' },
                globalSetup: ['test/sync/pgGlobalSetup.ts'],
                testTimeout: 30_000,
              },
            },
          ]
        : []),
      {
        resolve: { alias },
        test: {
          name: 'chromium',
          include: ['renderer/src/**/*.browser.test.ts'],
          testTimeout: 30_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
