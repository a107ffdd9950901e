import { defineConfig } from 'vitest/config';
import type { TestSequencer, TestSpecification } from 'vitest/node';

/** The killers that take seconds rather than milliseconds: they run after the rest. */
const SLOW = ['impl/raft/safety.test.ts', 'harness/sim/short-run.test.ts', 'impl/server/disk/', 'impl/server/transport/transport.test.ts'];
const cost = (spec: TestSpecification): number => SLOW.findIndex((slow) => spec.moduleId.includes(slow)) + 1;

/**
 * Cheap files first: Stryker stops a mutant's run at its first failing test (bail), so a
 * mutant that a message-level test kills never waits for the simulator.
 */
class CheapFirst implements TestSequencer {
  async shard(files: TestSpecification[]): Promise<TestSpecification[]> {
    return files;
  }

  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => cost(a) - cost(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

// The killers Stryker runs against each mutant of impl/raft and impl/kv: their unit
// tests and a short, fixed simulator run. (npm run mutate; see stryker.config.mjs.)
export default defineConfig({
  test: {
    include: ['impl/**/*.test.ts', 'harness/sim/short-run.test.ts'],
    exclude: ['**/*.real.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
    // Test files share their modules: Stryker switches mutants at run time, so re-evaluating the instrumented code per file only costs time.
    isolate: false,
    sequence: { sequencer: CheapFirst },
  },
});
