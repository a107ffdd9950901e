/** What the checker benchmark times: the reference corpus and the generated histories. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Format } from '../../checkers/history/read.js';
import { loadReferenceHistories, referenceHistoriesDir } from '../../checkers/history/reference.js';
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

export function referenceFiles(): BenchFile[] {
  const dir = referenceHistoriesDir();
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

const GENERATED: ReadonlyArray<{ readonly label: string; readonly shape: GeneratedShape }> = [
  { label: '100k', shape: { ops: 100_000, keys: 1000, clients: 50, crashPpm: 75_000, seed: 1 } },
  { label: '100k-bad', shape: { ops: 100_000, keys: 1000, clients: 50, crashPpm: 75_000, seed: 1, readNeverWritten: true } },
  { label: '1m', shape: { ops: 1_000_000, keys: 1000, clients: 50, crashPpm: 75_000, seed: 2 } },
];

/**
 * Multi-key register histories (read/write/cas, 7.5 % of ops crashed), written once
 * under bench/generated/ (ignored by git) and reused while their shape is unchanged.
 */
export function generatedFiles(root: string, keep: (name: string) => boolean): BenchFile[] {
  return GENERATED.flatMap(({ label, shape }) => {
    const name = `kv-${label}-${shape.keys}keys-${shape.clients}clients-crash${shape.crashPpm}ppm-seed${shape.seed}.jsonl`;
    if (!keep(name)) return [];
    const path = generateHistory(join(root, 'bench', 'generated', name), shape);
    const file: BenchFile = { name, path, group: 'generated', format: 'jsonl', model: 'kv', initial: null, linearizable: shape.readNeverWritten !== true };
    return [file];
  });
}
