/**
 * Times our checker the way Porcupine's CheckEvents is timed: warm, the median of
 * several batches (a batch repeats the check until it has run for a while, so that
 * microsecond checks are timed well). The check time excludes reading the file; the
 * parse time is taken apart, for the end-to-end figure. A check that takes longer
 * than SLOW_MS is timed once, as Porcupine's side does.
 *
 * The reference files are timed in this process, after a warm-up over all of them.
 * A generated file is timed in a process of its own (ours-child.ts), as Porcupine's
 * side times it, so that the peak memory is that file's.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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
  /** Peak resident memory of the process that checked it alone (generated files). */
  readonly maxRssKb?: number;
}

export interface OurRun {
  readonly reps: number;
  readonly minBatchMs: number;
}

/** Checks run with the default limits (60 s, 1 GiB), as `faultline check` does. */
const LIMITS = {};
const SLOW_MS = 5000;
/** Untimed passes over all the files until this long has gone by: the JIT warms up on the mix. */
const WARM_UP_MS = 2000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Loaded {
  readonly file: BenchFile;
  readonly ops: readonly Operation[];
  readonly parseMs: number;
  /** The first check: its time decides whether the file is timed again. */
  readonly first: { readonly ms: number; readonly verdict: Verdict };
}

async function load(file: BenchFile): Promise<Loaded> {
  const { ops, parseMs } = parse(file, 1);
  const started = performance.now();
  const verdict = (await checkOperations(ops, specOf(file), LIMITS)).verdict;
  return { file, ops, parseMs, first: { ms: performance.now() - started, verdict } };
}

/** Times every file after the warm-up (which parses as well as checks: both are timed warm). */
export async function timeOurs(files: readonly BenchFile[], run: OurRun): Promise<Map<string, OurTiming>> {
  const loaded: Loaded[] = [];
  for (const file of files) loaded.push(await load(file));
  const timings = new Map<string, OurTiming>();
  const fast = loaded.filter((l) => l.first.ms <= SLOW_MS);
  for (const l of loaded) if (l.first.ms > SLOW_MS) timings.set(l.file.path, { ms: l.first.ms, parseMs: l.parseMs, verdict: l.first.verdict, ops: l.ops.length });
  // A file this slow to parse is parsed once, cold: its parse time is the first one.
  const parsedOnce = (parseMs: number): boolean => parseMs > 1000;
  const warming = performance.now();
  while (fast.length > 0 && performance.now() - warming < WARM_UP_MS) {
    for (const { file, ops, parseMs } of fast) {
      if (!parsedOnce(parseMs)) parse(file, 1);
      await batches(file, ops, { reps: 1, minBatchMs: run.minBatchMs / 4 });
    }
  }
  for (const { file, ops, parseMs } of fast) {
    const parsed = parsedOnce(parseMs) ? parseMs : parse(file, run.reps).parseMs;
    const { ms, verdict } = await batches(file, ops, run);
    timings.set(file.path, { ms, parseMs: parsed, verdict, ops: ops.length });
  }
  return timings;
}

/** Times one file in a process of its own (dist/bench/checker/ours-child.js), with its peak memory. */
export function timeOursApart(root: string, file: BenchFile, run: OurRun): OurTiming {
  const child = spawnSync(process.execPath, [join(root, 'dist', 'bench', 'checker', 'ours-child.js'), JSON.stringify({ file, run })], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.status !== 0) throw new Error(`timing ${file.name} in a child process failed: ${child.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return JSON.parse(child.stdout) as OurTiming;
}

/** The child's side of timeOursApart: warm on this one file, then timed. */
export async function timeAlone(file: BenchFile, run: OurRun): Promise<OurTiming> {
  const timings = await timeOurs([file], run);
  return { ...timings.get(file.path)!, maxRssKb: process.resourceUsage().maxRSS };
}

function specOf(file: BenchFile): { name: BenchFile['model']; initial: unknown } {
  return { name: file.model, initial: file.initial };
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
  const spec = specOf(file);
  let verdict = (await checkOperations(ops, spec, LIMITS)).verdict;
  const perCheck: number[] = [];
  for (let b = 0; b < run.reps; b++) {
    const started = performance.now();
    let n = 0;
    do {
      verdict = (await checkOperations(ops, spec, LIMITS)).verdict;
      n++;
    } while (performance.now() - started < run.minBatchMs);
    perCheck.push((performance.now() - started) / n);
  }
  return { ms: median(perCheck), verdict };
}
