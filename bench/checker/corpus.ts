/** What the checker benchmark times: the reference corpus and the generated histories. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Format } from '../../checkers/history/read.js';
import { loadReferenceHistories, referenceCorpus } from '../../checkers/history/reference.js';
import type { ModelName } from '../../checkers/linearizable/models/index.js';
import { generateHistory, type GeneratedShape } from './generate.js';

export type Group = 'etcd' | 'kv' | 'knossos' | 'generated';

export interface BenchFile {
  /** Relative to the histories folder, or the generated file's name. */
  readonly name: string;
  readonly path: string;
  readonly group: Group;
  readonly format: Format;
  readonly model: ModelName;
  readonly initial: unknown;
  /** The known verdict: from verdicts.json, or by construction. */
  readonly linearizable: boolean;
}

/** The repository root: the nearest folder above this file with a package.json. */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Null when the corpus is not there. */
export function referenceFiles(): BenchFile[] | null {
  const dir = referenceCorpus();
  if (dir === null) return null;
  return loadReferenceHistories(dir).map((r) => ({
    name: r.name,
    path: r.path,
    group: r.name.startsWith('porcupine/etcd/') ? 'etcd' : r.name.startsWith('porcupine/kv/') ? 'kv' : 'knossos',
    format: r.format,
    model: r.model,
    initial: r.initial,
    linearizable: r.linearizable,
  }));
}

/** The figures in docs/checker.md and the shapes: each label names what it stresses. */
const RANDOM_KEYS = { layout: 'shared', clients: 50, crashPpm: 75_000, readPct: 50, writePct: 30, halfOpUs: 2000, thinkUs: 500 } as const;
const ONE_KEY = { layout: 'shared', keys: 1, clients: 10, crashPpm: 75_000, readPct: 50, writePct: 30, halfOpUs: 2000, thinkUs: 500 } as const;
const PER_KEY = { layout: 'per-key', clients: 8, crashPpm: 20_000, readPct: 50, writePct: 30, halfOpUs: 2000, thinkUs: 500 } as const;

const GENERATED: ReadonlyArray<{ readonly label: string; readonly shape: GeneratedShape }> = [
  { label: 'kv-100k', shape: { ...RANDOM_KEYS, ops: 100_000, keys: 1000, seed: 1 } },
  { label: 'kv-100k-bad', shape: { ...RANDOM_KEYS, ops: 100_000, keys: 1000, seed: 1, readNeverWritten: 'middle' } },
  { label: 'kv-1m', shape: { ...RANDOM_KEYS, ops: 1_000_000, keys: 1000, seed: 2 } },
  // One key, 10 clients, crashed writes and cas: what a long run on one register records.
  { label: 'one-key-20k', shape: { ...ONE_KEY, ops: 20_000, seed: 3 } },
  { label: 'one-key-50k', shape: { ...ONE_KEY, ops: 50_000, seed: 4 } },
  { label: 'one-key-20k-nocas', shape: { ...ONE_KEY, ops: 20_000, readPct: 50, writePct: 50, seed: 5 } },
  { label: 'one-key-50k-bad', shape: { ...ONE_KEY, ops: 50_000, seed: 4, readNeverWritten: 'middle' } },
  // Writes far longer than the pauses between them: each overlaps the next ten or so.
  { label: 'write-chain-20k', shape: { ...ONE_KEY, ops: 20_000, crashPpm: 0, readPct: 10, writePct: 90, thinkUs: 20, seed: 6 } },
  { label: 'write-chain-50k', shape: { ...ONE_KEY, ops: 50_000, crashPpm: 10_000, readPct: 10, writePct: 90, thinkUs: 20, seed: 7 } },
  // Many keys, 8 clients each (Jepsen's independent keys), one key invalid: 300 keys of
  // 200 ops, and 1,000 keys of 50.
  { label: 'keys-300', shape: { ...PER_KEY, keys: 300, ops: 200, seed: 8 } },
  { label: 'keys-300-bad-first', shape: { ...PER_KEY, keys: 300, ops: 200, seed: 8, readNeverWritten: { key: 0 } } },
  { label: 'keys-300-bad-middle', shape: { ...PER_KEY, keys: 300, ops: 200, seed: 8, readNeverWritten: { key: 150 } } },
  { label: 'keys-300-bad-last', shape: { ...PER_KEY, keys: 300, ops: 200, seed: 8, readNeverWritten: { key: 299 } } },
  { label: 'keys-1000', shape: { ...PER_KEY, keys: 1000, ops: 50, seed: 9 } },
  { label: 'keys-1000-bad-first', shape: { ...PER_KEY, keys: 1000, ops: 50, seed: 9, readNeverWritten: { key: 0 } } },
  { label: 'keys-1000-bad-middle', shape: { ...PER_KEY, keys: 1000, ops: 50, seed: 9, readNeverWritten: { key: 500 } } },
  { label: 'keys-1000-bad-last', shape: { ...PER_KEY, keys: 1000, ops: 50, seed: 9, readNeverWritten: { key: 999 } } },
];

/**
 * Written once under bench/generated/ (ignored by git), named by label, seed and a
 * digest of the shape, and reused while the shape is unchanged.
 */
export function generatedFiles(root: string, keep: (name: string) => boolean): BenchFile[] {
  return GENERATED.flatMap(({ label, shape }) => {
    const digest = createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 8);
    const name = `${label}-seed${shape.seed}-${digest}.jsonl`;
    if (!keep(name)) return [];
    const path = generateHistory(join(root, 'bench', 'generated', name), shape);
    const file: BenchFile = { name, path, group: 'generated', format: 'jsonl', model: 'kv', initial: null, linearizable: (shape.readNeverWritten ?? false) === false };
    return [file];
  });
}
