/**
 * The reference corpus (../shared/histories, or FAULTLINE_SHARED) in tests: tests that
 * read it are skipped, and counted as skipped, in a clone that does not have it; the
 * checker's own fixtures (fixtures/) cover every model and format either way.
 */
import { join } from 'node:path';
import { describe } from 'vitest';
import { fixturesDir, referenceCorpus } from '../history/reference.js';

export const corpusDir = referenceCorpus();

/** `describe`, skipped when the corpus is not there. */
export const describeWithCorpus = describe.skipIf(corpusDir === null);

/** A file of the corpus (only read under describeWithCorpus). */
export function corpusFile(path: string): string {
  return join(corpusDir ?? 'missing-reference-corpus', path);
}

export function fixture(path: string): string {
  return join(fixturesDir(), path);
}

/** The recorded seed of the checker's property tests (fast-check prints it with any failure). */
export const PROPERTY_SEED = Number(process.env.FAULTLINE_PROPERTY_SEED ?? 1_130_2026);
