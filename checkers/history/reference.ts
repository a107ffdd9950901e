/**
 * The reference histories in ../shared/histories (recorded by Porcupine's and Knossos'
 * users, with their known verdicts): the checker's test suite and benchmark corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelName } from '../linearizable/models/index.js';
import type { Format } from './read.js';

export interface ReferenceHistory {
  /** Relative to the histories folder. */
  readonly name: string;
  readonly path: string;
  readonly format: Format;
  readonly model: ModelName;
  readonly initial: unknown;
  readonly linearizable: boolean;
}

const FORMAT_NAMES: Record<string, Format> = {
  'jepsen-edn': 'edn',
  'porcupine-etcd-log': 'porcupine-etcd',
  'porcupine-kv-log': 'porcupine-kv',
  jsonl: 'jsonl',
};

/** FAULTLINE_SHARED overrides (with no fallback); by default ../shared beside the repository. */
export function referenceHistoriesDir(): string {
  const fromEnv = process.env.FAULTLINE_SHARED;
  if (fromEnv !== undefined && fromEnv !== '') return join(fromEnv, 'histories');
  return resolve(repositoryRoot(), '..', 'shared', 'histories');
}

/** The reference histories' folder, or null when it is not there (a clone on its own). */
export function referenceCorpus(): string | null {
  const dir = referenceHistoriesDir();
  return existsSync(join(dir, 'verdicts.json')) ? dir : null;
}

/** The checker's own small histories, one per model and format, with their verdicts (always there). */
export function fixturesDir(): string {
  return join(repositoryRoot(), 'checkers', 'fixtures');
}

function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!dir.endsWith('checkers') && dirname(dir) !== dir) dir = dirname(dir);
  // checkers/ sits in the repository root (or in dist/ under it).
  return dirname(dir).endsWith('dist') ? dirname(dirname(dir)) : dirname(dir);
}

export function loadReferenceHistories(dir = referenceHistoriesDir()): ReferenceHistory[] {
  const verdicts = JSON.parse(readFileSync(join(dir, 'verdicts.json'), 'utf8')) as Record<
    string,
    { format: string; model: string; initial: unknown; linearizable: boolean }
  >;
  return Object.entries(verdicts).map(([name, v]) => {
    const format = FORMAT_NAMES[v.format];
    if (format === undefined) throw new Error(`verdicts.json: unknown format ${v.format} for ${name}`);
    return {
      name,
      path: join(dir, name),
      format,
      // verdicts.json describes the kv model in words: "kv (get/put/append …)".
      model: v.model.split(' ')[0] as ModelName,
      initial: v.initial,
      linearizable: v.linearizable,
    };
  });
}
