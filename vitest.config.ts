import { defineConfig } from 'vitest/config';

// The JSON report is what .ci/run counts; the default reporter is for people.
export default defineConfig({
  test: {
    include: ['{impl,harness,workloads,checkers,reports}/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
