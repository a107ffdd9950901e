/**
 * Shrinking a failing run on its fault schedule's structure: drop faults (in halves,
 * quarters, … then one by one, as delta debugging does), merge overlapping faults of a
 * kind, start faults sooner, run fewer operations, aim faults at fewer nodes, shorten
 * what remains, calm the network. Each candidate is run again with the same run seed and
 * kept when it still fails the same way (a safety violation stays a safety violation; a
 * liveness failure stays liveness); the result is a local minimum, found in a bounded
 * number of runs — the same on any machine.
 *
 * One random source drives a whole simulated run, so removing a fault changes every
 * message delay after it: a smaller schedule that would fail often fails with another
 * run seed only. When no fault can be dropped with the run's own seed, each removal is
 * tried with a few other seeds too; the seed is part of the case, and the shrunk case
 * replays with its own.
 *
 * fast-check's own shrinking works on the generator's value tree: it shrinks each
 * fault's fields and the network one step at a time, and a run that lasts seconds of
 * virtual time makes each of those steps expensive. Removing whole faults first is what
 * takes a schedule of twenty faults to the two or three that matter.
 */
import { CALM_NETWORK, type Fault, type FaultSchedule, type NetworkProfile } from './schedule.js';

/**
 * What a run is, as far as shrinking goes: its schedule, how long it is (operations in
 * the simulator, milliseconds of a real run) and its seed.
 */
export interface ShrinkCase {
  readonly schedule: FaultSchedule;
  readonly length: number;
  readonly seed: number;
}

/** Runs a case; returns why it fails, or null when it is valid. */
export type Judge = (candidate: ShrinkCase) => Promise<string | null>;

/** Candidate runs a simulator shrink takes at most by default: seconds of work, and it ends in the same place on any machine. */
export const SIM_SHRINK_RUNS = 600;

export interface ShrinkOptions {
  /** Candidate runs at most (the budget that makes shrinking end). */
  readonly maxRuns: number;
  /** A shorter run than this is not tried. */
  readonly minLength: number;
  /**
   * Other seeds tried once no fault can be dropped with the case's own (default 12): for
   * runs a seed replays exactly (the simulator); 0 for real runs, where it would not help.
   */
  readonly reseeds?: number;
  /** Called after each kept candidate (progress reports). */
  readonly onShrink?: (kept: ShrinkCase, reason: string) => void;
}

export interface CaseSize {
  readonly faults: number;
  readonly length: number;
  /** Sum of the faults' durations. */
  readonly faultMs: number;
}

export interface ShrinkOutcome {
  readonly shrunk: ShrinkCase;
  readonly reason: string;
  readonly before: CaseSize;
  readonly after: CaseSize;
  /** Candidates run. */
  readonly runs: number;
  /** Candidates kept (each one smaller than the last). */
  readonly steps: number;
}

export function caseSize(c: ShrinkCase): CaseSize {
  return { faults: c.schedule.faults.length, length: c.length, faultMs: c.schedule.faults.reduce((sum, f) => sum + f.durationMs, 0) };
}

/** "2 faults (45 ms in all), 78 ops" — `unit` names what a run's length counts. */
export function describeSize(size: CaseSize, unit: 'ops' | 'ms'): string {
  return `${size.faults} fault${size.faults === 1 ? '' : 's'} (${size.faultMs} ms in all), ${unit === 'ops' ? `${size.length} ops` : `${size.length / 1000} s`}`;
}

/** What a failure is about: the text before its first colon ("not linearizable", "vote safety", "liveness", …). */
export function failureKind(reason: string): string {
  const colon = reason.indexOf(':');
  return colon < 0 ? reason : reason.slice(0, colon);
}

const NOT_SAFETY = new Set(['liveness', 'hang', 'linearizability unknown']);

/** A candidate's failure counts as the original's: any safety violation for a safety violation, the same kind otherwise. */
export function sameFailure(original: string, candidate: string): boolean {
  const [a, b] = [failureKind(original), failureKind(candidate)];
  if (NOT_SAFETY.has(a) || NOT_SAFETY.has(b)) return a === b;
  return true;
}

export async function shrinkCase(start: ShrinkCase, reason: string, judge: Judge, options: ShrinkOptions): Promise<ShrinkOutcome> {
  const shrinker = new Shrinker(start, reason, judge, options);
  await shrinker.run();
  return { shrunk: shrinker.best, reason: shrinker.reason, before: caseSize(start), after: caseSize(shrinker.best), runs: shrinker.runs, steps: shrinker.steps };
}

class Shrinker {
  runs = 0;
  steps = 0;

  constructor(
    public best: ShrinkCase,
    public reason: string,
    private readonly judge: Judge,
    private readonly options: ShrinkOptions,
  ) {}

  get exhausted(): boolean {
    return this.runs >= this.options.maxRuns;
  }

  async run(): Promise<void> {
    // Each pass keeps what it can; passes repeat while one of them still finds something.
    for (;;) {
      const before = this.steps;
      await this.dropFaults();
      await this.mergeFaults(this.best.seed);
      await this.startEarlier();
      await this.shorterRun();
      await this.narrowTargets();
      await this.shortenFaults();
      await this.calmNetwork();
      if (this.steps === before && (this.options.reseeds ?? 12) > 0) await this.fewerFaultsReseeded();
      if (this.steps === before && (this.options.reseeds ?? 12) > 0) await this.smallSubsets();
      if (this.steps === before || this.exhausted) return;
    }
  }

  /** Runs a candidate; keeps it when it fails as the best case did. */
  private async attempt(candidate: ShrinkCase): Promise<boolean> {
    if (this.exhausted) return false;
    this.runs++;
    // Runs are synchronous: let timers and I/O through between them.
    await new Promise((resolve) => setImmediate(resolve));
    const failure = await this.judge(candidate);
    if (failure === null || !sameFailure(this.reason, failure)) return false;
    this.best = candidate;
    this.reason = failure;
    this.steps++;
    this.options.onShrink?.(candidate, failure);
    return true;
  }

  private withFaults(faults: readonly Fault[]): ShrinkCase {
    return { ...this.best, schedule: { ...this.best.schedule, faults } };
  }

  /** Delta debugging over the fault list: remove chunks of halving size while the run still fails. */
  private async dropFaults(): Promise<void> {
    let chunk = Math.ceil(this.best.schedule.faults.length / 2);
    while (chunk >= 1 && !this.exhausted) {
      let removedAny = false;
      for (let from = 0; from < this.best.schedule.faults.length && !this.exhausted; ) {
        const faults = this.best.schedule.faults;
        const kept = [...faults.slice(0, from), ...faults.slice(from + chunk)];
        if (await this.attempt(this.withFaults(kept))) removedAny = true;
        else from += chunk;
      }
      if (!removedAny) chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2);
    }
  }

  /**
   * With other run seeds: first the merges (fewer but stronger faults fail more often
   * than fewer faults), then each fault's removal. The first that still fails is kept.
   */
  private async fewerFaultsReseeded(): Promise<void> {
    const reseeds = this.options.reseeds ?? 12;
    const seeds = Array.from({ length: reseeds }, (_, k) => otherSeed(this.best.seed, k + 1));
    for (const seed of seeds) if (this.exhausted || (await this.mergeFaults(seed))) return;
    for (const seed of seeds) {
      for (let i = 0; i < this.best.schedule.faults.length && !this.exhausted; i++) {
        const faults = this.best.schedule.faults.filter((_, j) => j !== i);
        if (await this.attempt({ ...this.withFaults(faults), seed })) return;
      }
    }
  }


  /** Every subset of one to three of the faults, with the case's seed and then with others: the first that still fails is kept. */
  private async smallSubsets(): Promise<void> {
    const faults = this.best.schedule.faults;
    const reseeds = this.options.reseeds ?? 12;
    for (let k = 0; k <= reseeds && !this.exhausted; k++) {
      const seed = k === 0 ? this.best.seed : otherSeed(this.best.seed, 100 + k);
      // The largest subsets first: they fail most often, and shrinking goes on from there.
      for (let size = Math.min(3, faults.length - 1); size >= 1; size--) {
        for (const picked of combinations(faults.length, size)) {
          if (this.exhausted) return;
          if (await this.attempt({ ...this.withFaults(picked.map((i) => faults[i]!)), seed })) return;
        }
      }
    }
  }

  /** Two faults of one kind that overlap in time become one that spans both (first all of a kind at once); true when a merge was kept. */
  private async mergeFaults(seed: number): Promise<boolean> {
    let merged = false;
    // All faults of a kind as one that spans them, shaped like each of them in turn.
    for (const kind of new Set(this.best.schedule.faults.map((f) => f.kind))) {
      const faults = this.best.schedule.faults;
      const same = faults.filter((f) => f.kind === kind);
      if (same.length < 2) continue;
      const at = same[0]!.at;
      const durationMs = Math.max(...same.map((f) => f.at + f.durationMs)) - at;
      for (const shape of same) {
        if (this.exhausted) break;
        const spanning = { ...shape, at, durationMs } as Fault;
        if (await this.attempt({ ...this.withFaults([spanning, ...faults.filter((f) => f.kind !== kind)].sort((x, y) => x.at - y.at)), seed })) {
          merged = true;
          break;
        }
      }
    }
    for (let i = 0; i + 1 < this.best.schedule.faults.length && !this.exhausted; ) {
      const faults = this.best.schedule.faults;
      const [a, b] = [faults[i]!, faults[i + 1]!];
      const end = Math.max(a.at + a.durationMs, b.at + b.durationMs);
      if (a.kind === b.kind && b.at <= a.at + a.durationMs) {
        const spanning = { ...a, durationMs: end - a.at } as Fault;
        const candidate = { ...this.withFaults([...faults.slice(0, i), spanning, ...faults.slice(i + 2)]), seed };
        if (await this.attempt(candidate)) {
          merged = true;
          continue;
        }
      }
      i++;
    }
    return merged;
  }

  /** Every fault starts at half its time: a failure that comes sooner needs a shorter run to be reached. */
  private async startEarlier(): Promise<void> {
    for (;;) {
      const faults = this.best.schedule.faults;
      if (faults.every((f) => f.at === 0)) return;
      if (!(await this.attempt(this.withFaults(faults.map((f) => ({ ...f, at: Math.floor(f.at / 2) })))))) return;
    }
  }

  /** A fault on several named nodes is tried on one node fewer. */
  private async narrowTargets(): Promise<void> {
    for (let i = 0; i < this.best.schedule.faults.length && !this.exhausted; i++) {
      for (let n = 0; ; ) {
        const fault = this.best.schedule.faults[i]!;
        if (!('nodes' in fault) || fault.nodes === 'leader' || n >= fault.nodes.length || fault.nodes.length < 2) break;
        const nodes = fault.nodes.filter((_, j) => j !== n);
        const faults = this.best.schedule.faults.map((f, j) => (j === i ? ({ ...fault, nodes } as Fault) : f));
        if (!(await this.attempt(this.withFaults(faults)))) n++;
      }
    }
  }

  /** Halves the run's length while it still fails, then tries three quarters and nine tenths of what is left. */
  private async shorterRun(): Promise<void> {
    for (const share of [0.5, 0.75, 0.9]) {
      for (;;) {
        const length = Math.max(this.options.minLength, Math.floor(this.best.length * share));
        if (length >= this.best.length || !(await this.attempt({ ...this.best, length }))) break;
      }
    }
  }

  /** Halves each fault's duration (and a churn's outages) while the run still fails. */
  private async shortenFaults(): Promise<void> {
    for (let i = 0; i < this.best.schedule.faults.length && !this.exhausted; i++) {
      for (;;) {
        const fault = this.best.schedule.faults[i]!;
        const shorter = shorten(fault);
        if (shorter === null) break;
        const faults = this.best.schedule.faults.map((f, j) => (j === i ? shorter : f));
        if (!(await this.attempt(this.withFaults(faults)))) break;
      }
    }
  }

  /** Turns off, one at a time, what makes the network adversarial. */
  private async calmNetwork(): Promise<void> {
    const calmer: Array<(n: NetworkProfile) => NetworkProfile> = [
      (n) => ({ ...n, lateRate: 0 }),
      (n) => ({ ...n, duplicateRate: 0 }),
      (n) => ({ ...n, dropRate: 0 }),
      (n) => ({ ...n, maxDelayMs: Math.max(n.minDelayMs, CALM_NETWORK.maxDelayMs, Math.floor(n.maxDelayMs / 2)) }),
    ];
    for (const calm of calmer) {
      const network = calm(this.best.schedule.network);
      if (JSON.stringify(network) === JSON.stringify(this.best.schedule.network)) continue;
      await this.attempt({ ...this.best, schedule: { ...this.best.schedule, network } });
    }
  }
}

/** Index sets of `size` out of 0…n−1, in lexicographic order. */
function* combinations(n: number, size: number): Generator<number[]> {
  const picked = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    yield [...picked];
    let i = size - 1;
    while (i >= 0 && picked[i] === n - size + i) i--;
    if (i < 0) return;
    picked[i]!++;
    for (let j = i + 1; j < size; j++) picked[j] = picked[j - 1]! + 1;
  }
}

/** The k-th other run seed for a case (deterministic, in 1…2^30). */
export function otherSeed(seed: number, k: number): number {
  return (((Math.imul(seed ^ (k * 0x9e3779b9), 0x85ebca6b) >>> 0) % 2 ** 30) + 1);
}

/** The fault lasting half as long, or null when it is as short as it gets. */
function shorten(fault: Fault): Fault | null {
  const durationMs = Math.floor(fault.durationMs / 2);
  if (durationMs < 1) return null;
  if (fault.kind === 'leader-churn' || fault.kind === 'crash-voters') return { ...fault, durationMs, outageMs: Math.max(1, Math.min(fault.outageMs, durationMs)) };
  return { ...fault, durationMs };
}
