import { describe, expect, it } from 'vitest';
import { readHistory } from '../history/read.js';
import { loadReferenceHistories } from '../history/reference.js';
import { checkOperations } from './check.js';

const references = loadReferenceHistories();

describe('verdicts on the reference histories (Porcupine and Knossos users)', () => {
  it('has the whole corpus', () => {
    expect(references.length).toBeGreaterThan(90);
  });

  it.each(references.map((r) => [r.name, r] as const))('%s', async (_name, reference) => {
    const history = readHistory(reference.path, { format: reference.format });
    const result = await checkOperations(history.operations, { name: reference.model, initial: reference.initial }, {
      timeLimitMs: 30_000,
      workers: 0,
    });
    expect(result.verdict).toBe(reference.linearizable ? 'valid' : 'invalid');
  });
});
