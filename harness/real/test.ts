/**
 * A chaos test as a plain value (Jepsen's test map): what runs against what, under
 * which faults, for how long, from which seed. It prints, and test.json records it.
 */
import type { Nemesis } from '../faults/nemeses.js';
import type { FaultSchedule } from '../faults/schedule.js';
import type { System } from '../systems/system.js';
import type { Workload } from '../../workloads/workload.js';
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
