// @ts-check
/**
 * `npm run mutate`: StrykerJS on the Raft core and the KV store. The killers are the
 * unit tests of impl/ and a short, fixed simulator run (vitest.mutate.config.ts), and
 * each mutant runs only the tests that reach it (perTest), cheapest first, until one fails.
 * Not part of `npm test`; the second run re-tests only what changed (incremental).
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // The sandbox needs sources and tests only (tools/ is a symlink to a folder, which the copy refuses).
  ignorePatterns: ['tools', 'store', 'dist', 'mutation', 'test-results', 'bench/generated', 'reports/page'],
  mutate: ['impl/raft/**/*.ts', 'impl/kv/**/*.ts', '!**/*.test.ts', '!**/test-support/**'],
  coverageAnalysis: 'perTest',
  // The machine is shared: two workers (one test runner, one type checker at a time).
  concurrency: 2,
  // A mutant that loops forever is caught by its hit count long before this.
  timeoutMS: 5_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'mutation/report.html' },
  jsonReporter: { fileName: 'mutation/report.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: true },
  incremental: true,
  incrementalFile: 'mutation/incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
export default config;
