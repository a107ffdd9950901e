/**
 * Plays a fault schedule against the cluster: each fault starts at its `at` (ms from
 * time 0), is recorded as a nemesis start event, and is undone after its duration
 * (its end event shares the id). `stop()` cancels what has not started and undoes
 * everything in force — the heal of the run's final phase.
 */
import { NemesisLog, type ActiveFault } from '../../faults/events.js';
import type { Fault, FaultKind, FaultSchedule } from '../../faults/schedule.js';
import type { Recorder } from '../recorder.js';
import { clock } from './clock-faults.js';
import type { NemesisContext, Realised } from './context.js';
import { membership } from './membership-faults.js';
import { grudge, isolate, latency, leaderChurn, partition } from './network-faults.js';
import { crash, crashVoters, pause } from './process-faults.js';

type Realiser<K extends FaultKind> = (fault: Extract<Fault, { kind: K }>, ctx: NemesisContext) => Promise<Realised | null>;

/** How each kind of fault is done to real processes. */
const REALISERS: { readonly [K in FaultKind]: Realiser<K> } = {
  partition,
  isolate,
  grudge,
  crash,
  'crash-voters': crashVoters,
  pause,
  clock,
  latency,
  membership,
  'leader-churn': leaderChurn,
};

export function realise(fault: Fault, ctx: NemesisContext): Promise<Realised | null> {
  return (REALISERS[fault.kind] as Realiser<FaultKind>)(fault as never, ctx);
}

interface InForce {
  readonly active: ActiveFault;
  readonly realised: Realised;
  timer: NodeJS.Timeout | null;
}

export class NemesisRunner {
  private readonly log: NemesisLog;
  private readonly inForce = new Set<InForce>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly busy = new Set<Promise<void>>();
  private stopped = false;
  /** Faults started so far. */
  started = 0;

  constructor(
    private readonly ctx: NemesisContext,
    private readonly recorder: Recorder,
  ) {
    this.log = new NemesisLog((event) => recorder.nemesis(event.f, event.value));
  }

  /** Schedules every fault that starts before `untilMs`. */
  play(schedule: FaultSchedule, untilMs: number): void {
    for (const fault of schedule.faults) {
      if (fault.at >= untilMs) continue;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.track(this.begin(fault));
      }, Math.max(0, fault.at - this.recorder.elapsedMs()));
      this.timers.add(timer);
    }
  }

  /** Fault kinds in force now, with how many of each (for the progress display). */
  inForceByKind(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { realised } of this.inForce) counts[realised.f] = (counts[realised.f] ?? 0) + 1;
    return counts;
  }

  /** Cancels faults not yet started and undoes every fault in force. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.busy);
    await Promise.all([...this.inForce].map((entry) => this.end(entry)));
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.ctx.warn(`nemesis: ${(error as Error).message}`)).finally(() => this.busy.delete(tracked));
    this.busy.add(tracked);
  }

  private async begin(fault: Fault): Promise<void> {
    if (this.stopped) return;
    const realised = await realise(fault, this.ctx);
    if (realised === null) return;
    this.started++;
    const entry: InForce = { active: this.log.start(realised.f, { kind: fault.kind, ...realised.details }), realised, timer: null };
    this.inForce.add(entry);
    if (this.stopped) {
      await this.end(entry);
      return;
    }
    entry.timer = setTimeout(() => this.track(this.end(entry)), fault.durationMs);
  }

  private async end(entry: InForce): Promise<void> {
    if (!this.inForce.delete(entry)) return;
    if (entry.timer !== null) clearTimeout(entry.timer);
    let more: Readonly<Record<string, unknown>> | void;
    try {
      more = await entry.realised.undo();
    } catch (error) {
      more = { error: (error as Error).message };
      this.ctx.warn(`nemesis: undoing ${entry.realised.f} failed: ${(error as Error).message}`);
    }
    entry.active.end(more ?? {});
  }
}
