import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two projects: fast in-process tests first (two forks), then the tests that start
// real processes (nodes, Toxiproxy, etcd, Chromium), one file at a time so that their
// timing is not starved by CPU-heavy simulator tests on a 2-core machine.
// Real-process test files are named `*.real.test.ts`.
// The JSON report is what .ci/run counts; the default reporter is for people.
const roots = '{impl,harness,workloads,checkers,reports,examples}';
// Examples import the package by its name, as a user's tests do: from the sources here.
const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const resolve = {
  alias: [
    { find: /^faultline$/, replacement: source('./index.ts') },
    { find: /^faultline\/vitest$/, replacement: source('./harness/vitest/index.ts') },
  ],
};

export default defineConfig({
  test: {
    // Pool sizes are global in vitest 3 (a project may only set isolate / singleFork).
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: [`${roots}/**/*.test.ts`],
          // One line when the reference corpus (../shared or FAULTLINE_SHARED) is absent: its tests are skipped.
          globalSetup: ['checkers/test-support/corpus-notice.ts'],
          exclude: [`${roots}/**/*.real.test.ts`, '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve,
        test: {
          name: 'real',
          include: [`${roots}/**/*.real.test.ts`],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
