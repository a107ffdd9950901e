/**
 * A chaos test as a plain value (Jepsen's test map): what runs against what, under
 * which faults, for how long, from which seed. It prints, and test.json records it.
 */
import type { BugName } from '../../impl/bugs.js';
import { WORKLOADS, type WorkloadName } from '../../workloads/index.js';
import type { Workload } from '../../workloads/workload.js';
import type { Nemesis } from '../faults/nemeses.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { DEFAULT_FAULTLINE_OPTIONS, FaultlineSystem, type ReadMode } from '../systems/faultline/system.js';
import type { System } from '../systems/system.js';
import type { CutMode } from './toxiproxy/network.js';

export interface ChaosTest {
  /** The folder under the store: `<system>-<workload>` unless named. */
  readonly name: string;
  readonly system: System;
  readonly workload: Workload;
  readonly nodes: number;
  /** Client workers (one operation at a time each). */
  readonly concurrency: number;
  readonly timeLimitMs: number;
  /** Operations per second across all clients (0: as fast as they go). */
  readonly rate: number;
  readonly keys: number;
  readonly nemeses: readonly Nemesis[];
  readonly nemesisIntervalMs: number;
  readonly seed: number;
  /** A schedule to replay (`--schedule FILE`) instead of one drawn from the seed. */
  readonly schedule: FaultSchedule | null;
  readonly cutMode: CutMode;
  readonly leaveRunning: boolean;
  readonly store: string;
  readonly requestTimeoutMs: number;
  readonly opTimeoutMs: number;
  /** How long the final phase waits for the healed cluster to elect a leader and answer the final reads. */
  readonly recoveryTimeoutMs: number;
  readonly checkTimeLimitMs: number;
  /** The command line that started it, and the one that runs it again. */
  readonly command: readonly string[];
  readonly replay: string;
}

export const TEST_DEFAULTS = {
  nodes: 3,
  concurrency: 5,
  timeLimitMs: 30_000,
  rate: 0,
  keys: 5,
  nemesisIntervalMs: 5000,
  cutMode: 'drop',
  requestTimeoutMs: 1200,
  opTimeoutMs: 2000,
  recoveryTimeoutMs: 30_000,
  checkTimeLimitMs: 60_000,
} as const;

/** The test as test.json's `config`: everything but the live objects, as data. */
export function describeTest(test: ChaosTest): Record<string, unknown> {
  return {
    system: { name: test.system.name, ...test.system.description },
    workload: test.workload.name,
    model: test.workload.model,
    nodes: test.nodes,
    concurrency: test.concurrency,
    timeLimitMs: test.timeLimitMs,
    rate: test.rate,
    keys: test.keys,
    nemeses: test.nemeses,
    nemesisIntervalMs: test.nemesisIntervalMs,
    cutMode: test.cutMode,
    requestTimeoutMs: test.requestTimeoutMs,
    opTimeoutMs: test.opTimeoutMs,
    recoveryTimeoutMs: test.recoveryTimeoutMs,
    scheduleFromFile: test.schedule !== null,
    replay: test.replay,
  };
}

/** A test from plain options (the CLI's flags, a benchmark's table), for any system. */
export type RunOptions = Pick<
  ChaosTest,
  'nodes' | 'concurrency' | 'timeLimitMs' | 'rate' | 'keys' | 'nemeses' | 'nemesisIntervalMs' | 'seed' | 'schedule' | 'cutMode' | 'leaveRunning' | 'store'
> & {
  readonly workload: WorkloadName;
  /** Where the schedule came from, for the replay command. */
  readonly scheduleFile?: string;
};

/** A test of our own store: its read mode and seeded bugs too. */
export type FaultlineTestOptions = RunOptions & {
  readonly readMode: ReadMode;
  readonly bugs: readonly BugName[];
};

export function faultlineTest(o: FaultlineTestOptions, command: readonly string[]): ChaosTest {
  return testOf(new FaultlineSystem({ ...DEFAULT_FAULTLINE_OPTIONS, readMode: o.readMode, bugs: o.bugs }), o, command);
}

export function testOf(system: System, o: RunOptions, command: readonly string[]): ChaosTest {
  const test: Omit<ChaosTest, 'replay'> = {
    name: `${system.name}-${o.workload}`,
    system,
    workload: WORKLOADS[o.workload],
    nodes: o.nodes,
    concurrency: o.concurrency,
    timeLimitMs: o.timeLimitMs,
    rate: o.rate,
    keys: o.keys,
    nemeses: o.nemeses,
    nemesisIntervalMs: o.nemesisIntervalMs,
    seed: o.seed,
    schedule: o.schedule,
    cutMode: o.cutMode,
    leaveRunning: o.leaveRunning,
    store: o.store,
    requestTimeoutMs: TEST_DEFAULTS.requestTimeoutMs,
    opTimeoutMs: TEST_DEFAULTS.opTimeoutMs,
    recoveryTimeoutMs: TEST_DEFAULTS.recoveryTimeoutMs,
    checkTimeLimitMs: TEST_DEFAULTS.checkTimeLimitMs,
    command,
  };
  return { ...test, replay: replayCommand(test, o.scheduleFile) };
}

/**
 * The command that runs the same test again: every option that shapes it, the seed
 * explicit, the system by name (`--system`, for systems `faultline run` knows), and our
 * store's read mode and bugs.
 */
export function replayCommand(test: Omit<ChaosTest, 'replay'>, scheduleFile?: string): string {
  const { system } = test;
  const words = [
    'faultline run',
    ...(system.name === 'faultline' ? [] : [`--system ${system.name}`]),
    `--seed ${test.seed}`,
    `--nodes ${test.nodes}`,
    `--concurrency ${test.concurrency}`,
    `--time-limit ${test.timeLimitMs / 1000}`,
    `--rate ${test.rate}`,
    `--keys ${test.keys}`,
    `--workload ${test.workload.name}`,
    `--nemesis ${test.nemeses.length === 0 ? 'none' : test.nemeses.join(',')}`,
    `--nemesis-interval ${test.nemesisIntervalMs / 1000}`,
    ...(system instanceof FaultlineSystem ? [`--read-mode ${system.options.readMode}`, ...system.options.bugs.map((b) => `--bug ${b}`)] : []),
    ...(scheduleFile === undefined ? [] : [`--schedule ${scheduleFile}`]),
    ...(test.cutMode === TEST_DEFAULTS.cutMode ? [] : [`--cut ${test.cutMode}`]),
    ...(test.store === 'store' ? [] : [`--store ${test.store}`]),
  ];
  return words.join(' ');
}
