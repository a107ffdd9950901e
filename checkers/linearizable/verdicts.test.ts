import { describe, expect, it } from 'vitest';
import { readHistory } from '../history/read.js';
import { fixturesDir, loadReferenceHistories, type ReferenceHistory } from '../history/reference.js';
import { corpusDir, describeWithCorpus } from '../test-support/corpus.js';
import { checkOperations } from './check.js';
import { MODEL_NAMES } from './models/index.js';

async function expectKnownVerdict(reference: ReferenceHistory): Promise<void> {
  const history = readHistory(reference.path, { format: reference.format });
  const result = await checkOperations(history.operations, { name: reference.model, initial: reference.initial }, { timeLimitMs: 30_000, workers: 0 });
  expect(result.verdict).toBe(reference.linearizable ? 'valid' : 'invalid');
}

const fixtures = loadReferenceHistories(fixturesDir());

describe("verdicts on the checker's fixtures", () => {
  it('cover every model and format, each with a valid and an invalid history', () => {
    for (const model of MODEL_NAMES) {
      expect(new Set(fixtures.filter((f) => f.model === model).map((f) => f.linearizable)), model).toEqual(new Set([false, true]));
    }
    expect(new Set(fixtures.map((f) => f.format))).toEqual(new Set(['jsonl', 'edn', 'porcupine-etcd', 'porcupine-kv']));
  });

  it.each(fixtures.map((r) => [r.name, r] as const))('%s', async (_name, reference) => expectKnownVerdict(reference));
});

describeWithCorpus('verdicts on the reference histories (Porcupine and Knossos users)', () => {
  const references = corpusDir === null ? [] : loadReferenceHistories(corpusDir);

  it('has the whole corpus', () => {
    expect(references.length).toBeGreaterThan(90);
  });

  it.each(references.map((r) => [r.name, r] as const))('%s', async (_name, reference) => expectKnownVerdict(reference));
});
