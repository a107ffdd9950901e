import { defineConfig } from 'vitest/config';

// The killers Stryker runs against each mutant of impl/raft and impl/kv: their unit
// tests and a short, fixed simulator run. (npm run mutate; see stryker.config.mjs.)
export default defineConfig({
  test: {
    include: ['impl/**/*.test.ts', 'harness/sim/short-run.test.ts'],
    exclude: ['**/*.real.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
  },
});
