/**
 * npm run bench:checker — our linearizability checker against Porcupine v1.3.0 on the
 * same files: the reference histories (../shared/histories, when there) and generated
 * histories (corpus.ts: 100,000 and 1,000,000 ops over many keys, long single-key
 * histories, overlapping-write chains, many keys with one invalid). Prints figures;
 * asserts nothing. Each generated file is checked by each side in a process of its
 * own, which gives its peak memory.
 *
 * "ours ms" is checkOperations on parsed ops (partitioning, search and, for an invalid
 * history, the counterexample): the counterpart of Porcupine's CheckEvents, which the
 * Go program times on its own parsed events. "ours+parse" adds reading the file.
 * Each side is timed in turn, twice over (BENCH_PASSES), and each file keeps its
 * faster pass. BENCH_REPS (default 5) sets the timed batches per file; BENCH_FILTER (a
 * regular expression) keeps only the files whose names match.
 */
import { availableParallelism, loadavg } from 'node:os';
import { generatedFiles, referenceFiles, repositoryRoot, type BenchFile } from './checker/corpus.js';
import { timeOurs, timeOursApart, type OurTiming } from './checker/ours.js';
import { buildPorcupine, runPorcupine, type PorcupineTiming } from './checker/porcupine.js';
import { fileTable, targetLines, totalsTable, type Row } from './checker/report.js';

const reps = Number(process.env.BENCH_REPS ?? 5);
const passes = Number(process.env.BENCH_PASSES ?? 2);
const filter = new RegExp(process.env.BENCH_FILTER ?? '.');
const root = repositoryRoot();

const porcupine = buildPorcupine(root);
if ('reason' in porcupine) console.log(porcupine.reason);
console.log(
  `${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(2)} (other work on the machine slows both checkers); ` +
    `Node ${process.version}; ${reps} timed batches per file, median shown (the faster of ${passes} passes)`,
);

const rows: Row[] = [];
// Porcupine, then ours, one group at a time: both see the machine in the same state.
const keep = (name: string): boolean => filter.test(name);
const reference = referenceFiles();
if (reference === null) console.log('no reference corpus (../shared/histories or FAULTLINE_SHARED): timing the generated histories only');
const groups: BenchFile[][] = [(reference ?? []).filter((f) => keep(f.name)), ...generatedFiles(root, keep).map((f) => [f])];
for (const files of groups) {
  if (files.length === 0) continue;
  const big = files[0]!.group === 'generated';
  const run = { reps: big ? Math.min(reps, 3) : reps, minBatchMs: big ? 0 : 20 };
  let theirs = new Map<string, PorcupineTiming>();
  let ours = new Map<string, OurTiming>();
  for (let pass = 0; pass < (big ? 1 : passes); pass++) {
    if ('binary' in porcupine) theirs = faster(theirs, runPorcupine(porcupine.binary, files, run));
    ours = faster(ours, big ? new Map([[files[0]!.path, timeOursApart(root, files[0]!, run)]]) : await timeOurs(files, run));
  }
  for (const file of files) rows.push({ file, ours: ours.get(file.path)!, porcupine: theirs.get(file.path) });
}

/** Per file, the pass with the lower median: a burst of other work on the machine hits one pass, not both. */
function faster<T extends { readonly ms: number }>(a: Map<string, T>, b: Map<string, T>): Map<string, T> {
  const merged = new Map(b);
  for (const [path, timing] of a) if (timing.ms <= (b.get(path)?.ms ?? Infinity)) merged.set(path, timing);
  return merged;
}

console.log(fileTable(rows));
console.log(totalsTable(rows));
for (const line of targetLines(rows, rows.find((r) => r.file.name.startsWith('kv-1m-')))) console.log(line);
