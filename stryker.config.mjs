// @ts-check
/**
 * `npm run mutate`: StrykerJS on the Raft core and the KV store. The killers are the
 * unit tests of impl/ and a short, fixed simulator run (vitest.mutate.config.ts).
 * Not part of `npm test`: it takes tens of minutes on two cores.
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
  concurrency: 2,
  timeoutMS: 10_000,
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
