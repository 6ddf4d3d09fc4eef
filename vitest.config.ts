import { defineConfig } from 'vitest/config';

// Tests resolve workspace packages to their TypeScript sources (the `@hangar/source` export condition);
// spawned processes (engines, the server in e2e) run the built `dist/` output, so `npm test` builds first.
const resolve = { conditions: ['@hangar/source'] };

export default defineConfig({
  resolve,
  test: {
    // CI also writes a JSON report, from which .ci/run prints its plain "N passed, N failed" line.
    reporters: process.env['CI']
      ? ['default', ['json', { outputFile: 'test-output/vitest.json' }]]
      : ['default'],
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**', '**/dist/**'],
        },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['packages/*/src/**/*.int.test.ts', 'apps/*/src/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve,
        test: {
          name: 'console',
          // The web console's component tests: React in a simulated DOM, no server.
          include: ['apps/console/src/**/*.test.tsx'],
          environment: 'jsdom',
          // Ant Design in jsdom takes seconds per test on a loaded 2-core machine; 5 s is too tight there.
          testTimeout: 30_000,
        },
      },
      {
        resolve,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // The e2e scenarios spawn real engines; on a 2-core machine they run one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
