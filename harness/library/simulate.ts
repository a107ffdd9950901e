/**
 * A chaos test of our own store run in the deterministic simulator instead of against
 * processes: the same test value (its system must be our store: read mode and seeded
 * bugs come from it), the same fault vocabulary, a run of `ops` client operations on
 * virtual time. A seed replays a run exactly, so a failure shrinks well (shrink.ts) and
 * its replay is `faultline sim --schedule … --seed … --ops …`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJsonl } from '../../checkers/history/jsonl.js';
import { isBugName } from '../../impl/bugs.js';
import { READ_MODES } from '../../impl/server/node/config.js';
import { writeSimReport } from '../../reports/sim-report.js';
import type { ScheduleShape } from '../faults/arbitrary.js';
import { scheduleToJson } from '../faults/schedule-json.js';
import type { FaultSchedule } from '../faults/schedule.js';
import type { Judge, ShrinkCase } from '../faults/shrink.js';
import type { ChaosTest } from '../real/test.js';
import { checkRun, type RunVerdict } from '../sim/check-run.js';
import { simJudge } from '../sim/search.js';
import { DEFAULT_SHAPE, DEFAULT_SIM_OPTIONS, runSchedule, type SimOptions, type SimResult } from '../sim/simulator.js';
import { RunFolder } from '../store/run-folder.js';
import { FaultlineSystem } from '../systems/faultline/system.js';

/** Client operations of a simulated run (a few seconds of virtual time). */
export const SIM_OPS = 500;

export class NotSimulableError extends Error {
  override readonly name = 'NotSimulableError';
}

/** The simulator's options for a test: our store's read mode and bugs, its client count. */
export function simOptionsOf(test: ChaosTest): SimOptions {
  if (!(test.system instanceof FaultlineSystem)) {
    throw new NotSimulableError(`the simulator runs faultline's own store only, not ${test.system.name}: run this test against processes`);
  }
  if (test.workload.name !== 'register') throw new NotSimulableError(`the simulator runs the register workload only, not ${test.workload.name}`);
  const { readMode, bugs } = test.system.options;
  return { ...DEFAULT_SIM_OPTIONS, clients: test.concurrency, readMode: READ_MODES[readMode], bugs: new Set(bugs.filter(isBugName)) };
}

/** The shape simulated schedules are drawn in for a test: `faultline sim`'s, for the test's cluster and nemeses. */
export function simShape(test: ChaosTest): ScheduleShape {
  return { ...DEFAULT_SHAPE, nodes: test.nodes, nemeses: test.nemeses };
}

export interface SimRun {
  readonly result: SimResult;
  readonly verdict: RunVerdict;
}

export async function simulate(test: ChaosTest, c: ShrinkCase): Promise<SimRun> {
  const result = runSchedule(c.schedule, { ...simOptionsOf(test), ops: c.length, seed: c.seed });
  return { result, verdict: await checkRun(result, test.workload.model) };
}

/** Runs candidates of a test in the simulator, for shrinking: the failure's reason, or null. */
export function testSimJudge(test: ChaosTest): Judge {
  return simJudge(simOptionsOf(test), test.workload.model);
}

/** `faultline sim` flags that replay a case (after its schedule is written to `scheduleFile`). */
export function simReplay(test: ChaosTest, c: ShrinkCase, scheduleFile: string): string {
  if (!(test.system instanceof FaultlineSystem)) throw new NotSimulableError(`not our store: ${test.system.name}`);
  const { readMode, bugs } = test.system.options;
  return [
    `faultline sim --schedule ${scheduleFile} --seed ${c.seed} --ops ${c.length}`,
    ...bugs.map((b) => `--bug ${b}`),
    ...(readMode === 'index' ? [] : [`--read-mode ${readMode}`]),
  ].join(' ');
}

/** Writes a simulated run into the store as a run folder: schedule.json, history.jsonl, report.html. */
export function storeSimRun(test: ChaosTest, c: ShrinkCase, run: SimRun): { dir: string; report: string; replay: string } {
  const folder = RunFolder.create(test.store, test.name, new Date());
  mkdirSync(folder.dir, { recursive: true });
  const scheduleFile = join(folder.dir, 'schedule.json');
  writeFileSync(scheduleFile, scheduleToJson(c.schedule));
  writeFileSync(folder.historyPath, historyToJsonl(run.result.history));
  const replay = simReplay(test, c, scheduleFile);
  const config = { mode: 'simulator', nodes: c.schedule.nodes, ops: c.length, seed: c.seed, system: test.system.description, schedule: c.schedule, virtualMs: run.result.virtualMs };
  writeSimReport(folder.reportPath, { seed: c.seed, events: run.result.history, check: run.verdict.linearizability, violations: run.result.violations, config, replay });
  return { dir: folder.dir, report: folder.reportPath, replay };
}

/** A case from a drawn schedule: a run of SIM_OPS operations with the run's seed. */
export function simCase(schedule: FaultSchedule, seed: number, ops = SIM_OPS): ShrinkCase {
  return { schedule, length: ops, seed };
}
