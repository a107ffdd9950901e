/**
 * Times our checker the way Porcupine's CheckEvents is timed: in-process, warm, the
 * median of several batches (a batch repeats the check until it has run for a while,
 * so that microsecond checks are timed well). The check time excludes reading the
 * file; the parse time is taken apart, for the end-to-end figure.
 */
import { readHistory } from '../../checkers/history/read.js';
import type { Operation } from '../../checkers/history/types.js';
import { checkOperations, type Verdict } from '../../checkers/linearizable/check.js';
import type { BenchFile } from './corpus.js';

export interface OurTiming {
  /** checkOperations: partitioning, search and counterexample, on parsed ops. */
  readonly ms: number;
  /** readHistory: reading, parsing and pairing the file. */
  readonly parseMs: number;
  readonly verdict: Verdict;
  readonly ops: number;
}

export interface OurRun {
  readonly reps: number;
  readonly minBatchMs: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Untimed passes over all the files until this long has gone by: the JIT warms up on the mix. */
const WARM_UP_MS = 2000;

/** Times every file after the warm-up (which parses as well as checks: both are timed warm). */
export async function timeOurs(files: readonly BenchFile[], run: OurRun): Promise<Map<string, OurTiming>> {
  const loaded = files.map((file) => ({ file, ...parse(file, 1) }));
  // A file this slow to parse is parsed once, cold: its parse time is the first one.
  const parsedOnce = (parseMs: number): boolean => parseMs > 1000;
  const warming = performance.now();
  do {
    for (const { file, ops, parseMs } of loaded) {
      if (!parsedOnce(parseMs)) parse(file, 1);
      await batches(file, ops, { reps: 1, minBatchMs: run.minBatchMs / 4 });
    }
  } while (performance.now() - warming < WARM_UP_MS);
  const timings = new Map<string, OurTiming>();
  for (const { file, ops, parseMs } of loaded) {
    const parsed = parsedOnce(parseMs) ? parseMs : parse(file, run.reps).parseMs;
    const { ms, verdict } = await batches(file, ops, run);
    timings.set(file.path, { ms, parseMs: parsed, verdict, ops: ops.length });
  }
  return timings;
}

function parse(file: BenchFile, reps: number): { ops: readonly Operation[]; parseMs: number } {
  const times: number[] = [];
  let ops: readonly Operation[] = [];
  for (let r = 0; r < reps; r++) {
    const started = performance.now();
    ops = readHistory(file.path, { format: file.format }).operations;
    times.push(performance.now() - started);
  }
  return { ops, parseMs: median(times) };
}

async function batches(file: BenchFile, ops: readonly Operation[], run: OurRun): Promise<{ ms: number; verdict: Verdict }> {
  const spec = { name: file.model, initial: file.initial };
  let verdict = (await checkOperations(ops, spec, { timeLimitMs: 600_000 })).verdict;
  const perCheck: number[] = [];
  for (let b = 0; b < run.reps; b++) {
    const started = performance.now();
    let n = 0;
    do {
      verdict = (await checkOperations(ops, spec, { timeLimitMs: 600_000 })).verdict;
      n++;
    } while (performance.now() - started < run.minBatchMs);
    perCheck.push((performance.now() - started) / n);
  }
  return { ms: median(perCheck), verdict };
}
