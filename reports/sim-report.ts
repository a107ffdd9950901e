/** The report of one simulator schedule (`faultline sim --out DIR`): its history, its verdict and its schedule. */
import type { HistoryEvent } from '../checkers/history/types.js';
import type { CheckResult } from '../checkers/linearizable/result.js';
import { writeReport } from './render.js';

export interface SimReport {
  readonly seed: number;
  readonly events: readonly HistoryEvent[];
  readonly check: CheckResult;
  /** Violations seen during the run: Raft's safety properties, liveness (`liveness: …`) and hangs (`hang: …`). */
  readonly violations: readonly string[];
  /** What the run was: cluster size, ops, bugs, the fault schedule… */
  readonly config: unknown;
  readonly replay: string;
}

export function writeSimReport(path: string, sim: SimReport): string {
  const invalid = sim.violations.length > 0 || sim.check.verdict === 'invalid';
  return writeReport(path, {
    title: `simulator, seed ${sim.seed}`,
    source: `faultline sim, seed ${sim.seed} (virtual time)`,
    events: sim.events,
    check: sim.check,
    verdict: invalid ? 'invalid' : sim.check.verdict,
    findings: sim.violations.map(finding),
    config: sim.config,
    replay: sim.replay,
    seed: sim.seed,
  });
}

/** A safety violation says which Raft property broke; liveness failures and hangs already say what they are. */
function finding(violation: string): string {
  return /^(liveness|hang): /.test(violation) ? violation : `Raft invariant violated: ${violation}`;
}
