import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../history/read.js';
import { referenceHistoriesDir } from '../history/reference.js';
import { checkOperations } from './check.js';
import { createModel } from './models/index.js';

const dir = referenceHistoriesDir();

// Positions count the file's events from 0 (shared/histories/README.md).
const KNOWN_FAILURES = [
  { file: 'bad-analysis.edn', position: 14, description: 'read → 2', process: 21 },
  { file: 'cas-failure.edn', position: 491, description: 'read → 0', process: 70 },
  { file: 'immediate-failure.edn', position: 3, description: 'read → 3', process: 1 },
];

describe('counterexamples name the known failing op', () => {
  it.each(KNOWN_FAILURES)('$file fails at position $position', async ({ file, position, description, process }) => {
    const history = readHistory(join(dir, 'knossos/cas-register/bad', file));
    const result = await checkOperations(history.operations, { name: 'cas-register', initial: 0 });
    expect(result.verdict).toBe('invalid');
    const c = result.counterexample!;
    expect(c.op.completeIndex).toBe(position);
    expect(c.op.description).toBe(description);
    expect(c.op.process).toBe(process);
    // The prefix replays: every step's state follows from the one before.
    const model = createModel({ name: 'cas-register', initial: 0 });
    let state = model.init();
    expect(c.initialState).toBe(model.describeState(state));
    for (const step of c.prefix) {
      const op = history.operations.find((o) => o.id === step.op.id)!;
      state = model.step(state, op);
      expect(state, `${step.op.description} cannot follow the prefix before it`).toBeDefined();
      expect(model.describeState(state)).toBe(step.stateAfter);
    }
    expect(model.describeState(state)).toBe(c.stateAtFailure);
    expect(c.rejected.map((r) => r.op.id)).toContain(c.op.id);
    expect(c.rejected.find((r) => r.op.id === c.op.id)!.reason).toMatch(/impossible in state/);
  });

  it('lists the ops concurrent with the failing one', async () => {
    const history = readHistory(join(dir, 'knossos/cas-register/bad/bad-analysis.edn'));
    const result = await checkOperations(history.operations, { name: 'cas-register', initial: 0 });
    const c = result.counterexample!;
    for (const other of c.concurrent) {
      const op = history.operations[other.id]!;
      const failing = history.operations[c.op.id]!;
      expect(op.call < failing.ret && failing.call < op.ret).toBe(true);
    }
    expect(c.concurrent.map((o) => o.process)).toContain(22);
  });

  it('explains a kv violation within its key', async () => {
    const history = readHistory(join(dir, 'porcupine/kv/c10-bad.txt'));
    const result = await checkOperations(history.operations, { name: 'kv', initial: '' });
    expect(result.verdict).toBe('invalid');
    const c = result.counterexample!;
    expect(c.partition).toBe(c.op.key);
    expect(c.prefix.every((s) => s.op.key === c.op.key)).toBe(true);
  });
});
