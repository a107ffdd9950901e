import { describe, expect, it } from 'vitest';
import { readHistory } from '../history/read.js';
import { corpusFile, describeWithCorpus, fixture } from '../test-support/corpus.js';
import { checkOperations } from './check.js';
import { createModel, type ModelSpec } from './models/index.js';

interface KnownFailure {
  readonly file: string;
  readonly spec: ModelSpec;
  /** The failing op's completion, counting the file's events from 0. */
  readonly position: number;
  readonly description: string;
  readonly process: number;
  /** The length of the linearizable prefix before it. */
  readonly prefix: number;
}

/** The counterexample names the known failing op, and its prefix replays through the model. */
async function expectExplained({ file, spec, position, description, process, prefix }: KnownFailure): Promise<void> {
  const history = readHistory(file);
  const result = await checkOperations(history.operations, spec);
  expect(result.verdict).toBe('invalid');
  const c = result.counterexample!;
  expect(c.op.completeIndex).toBe(position);
  expect(c.op.description).toBe(description);
  expect(c.op.process).toBe(process);
  const model = createModel(spec);
  let state = model.init();
  expect(c.initialState).toBe(model.describeState(state));
  expect(c.prefix).toHaveLength(prefix);
  for (const step of c.prefix) {
    const op = history.operations.find((o) => o.id === step.op.id)!;
    state = model.step(state, op);
    expect(state, `${step.op.description} cannot follow the prefix before it`).toBeDefined();
    expect(model.describeState(state)).toBe(step.stateAfter);
  }
  expect(model.describeState(state)).toBe(c.stateAtFailure);
  expect(c.rejected.find((r) => r.op.id === c.op.id)?.reason).toMatch(/impossible in state/);
}

describe('counterexamples on the fixtures', () => {
  it('name the failing op of a cas register, with the prefix that leads to it', async () => {
    await expectExplained({ file: fixture('edn/cas-register-bad.edn'), spec: { name: 'cas-register', initial: 0 }, position: 10, description: 'read → 0', process: 3, prefix: 2 });
  });

  it('list the ops concurrent with the failing one', async () => {
    const history = readHistory(fixture('jsonl/kv-bad.jsonl'));
    const result = await checkOperations(history.operations, { name: 'kv', initial: null });
    const c = result.counterexample!;
    expect(c.op).toMatchObject({ process: 0, description: 'a: read → 1', completeIndex: 9 });
    expect(c.concurrent.map((o) => o.description)).toEqual(['a: read → 2']);
    const failing = history.operations[c.op.id]!;
    const other = history.operations[c.concurrent[0]!.id]!;
    expect(other.call < failing.ret && failing.call < other.ret).toBe(true);
  });

  it('explain a kv violation within its key', async () => {
    const history = readHistory(fixture('jsonl/kv-bad.jsonl'));
    const result = await checkOperations(history.operations, { name: 'kv', initial: null });
    const c = result.counterexample!;
    expect(c.partition).toBe('a');
    expect(c.prefix.map((s) => s.op.key)).toEqual(['a', 'a', 'a']);
  });
});

// Positions count the file's events from 0 (shared/histories/README.md).
describeWithCorpus('counterexamples on the Knossos histories name the known failing op', () => {
  it.each([
    { file: 'bad-analysis.edn', position: 14, description: 'read → 2', process: 21, prefix: 5 },
    { file: 'cas-failure.edn', position: 491, description: 'read → 0', process: 70, prefix: 180 },
    { file: 'immediate-failure.edn', position: 3, description: 'read → 3', process: 1, prefix: 0 },
  ])('$file fails at position $position', async ({ file, ...known }) => {
    await expectExplained({ file: corpusFile(`knossos/cas-register/bad/${file}`), spec: { name: 'cas-register', initial: 0 }, ...known });
  });

  it("list process 22's op as concurrent with bad-analysis.edn's failing read", async () => {
    const history = readHistory(corpusFile('knossos/cas-register/bad/bad-analysis.edn'));
    const result = await checkOperations(history.operations, { name: 'cas-register', initial: 0 });
    expect(result.counterexample!.concurrent.map((o) => o.process)).toContain(22);
  });
});
