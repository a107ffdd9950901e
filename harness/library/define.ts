/**
 * Chaos tests as values, for library users: `defineTest` fills a ChaosTest from the few
 * fields a user cares about; `printTest` is the value as data (what test.json records);
 * `testFromRecord` turns a recorded test.json back into a test that runs the same way.
 */
import { randomInt } from 'node:crypto';
import { WORKLOADS, isWorkloadName, type WorkloadName } from '../../workloads/index.js';
import type { Workload } from '../../workloads/workload.js';
import { isNemesis, type Nemesis } from '../faults/nemeses.js';
import { parseSchedule } from '../faults/schedule-json.js';
import type { FaultSchedule } from '../faults/schedule.js';
import { describeTest, replayCommand, TEST_DEFAULTS, type ChaosTest } from '../real/test.js';
import type { CutMode } from '../real/toxiproxy/network.js';
import type { TestRecord } from '../store/types.js';
import { isKnownSystem, systemFrom } from '../systems/registry.js';
import type { System } from '../systems/system.js';

/** What a user gives: the system, and any of the rest (defaults as `faultline run`'s). */
export interface TestInput {
  readonly system: System;
  readonly workload?: Workload | WorkloadName;
  readonly nemeses?: readonly Nemesis[];
  /** Default `<system>-<workload>`. */
  readonly name?: string;
  /** Default: a random one (recorded in test.json and printed on failure). */
  readonly seed?: number;
  /** Play this schedule instead of one drawn from the seed. */
  readonly schedule?: FaultSchedule | null;
  readonly nodes?: number;
  readonly concurrency?: number;
  readonly timeLimitMs?: number;
  readonly rate?: number;
  readonly keys?: number;
  readonly nemesisIntervalMs?: number;
  readonly cutMode?: CutMode;
  /** Where run folders go (default: FAULTLINE_STORE, else `store`). */
  readonly store?: string;
  readonly requestTimeoutMs?: number;
  readonly opTimeoutMs?: number;
  readonly recoveryTimeoutMs?: number;
  readonly checkTimeLimitMs?: number;
  /** How to run it again, for results.json (default: `faultline run` flags, or `--replay` of its run folder). */
  readonly replay?: string;
  readonly command?: readonly string[];
}

export function randomSeed(): number {
  return randomInt(0, 2 ** 31);
}

export function workloadOf(workload: Workload | WorkloadName | undefined): Workload {
  if (workload === undefined) return WORKLOADS.register;
  return typeof workload === 'string' ? WORKLOADS[workload] : workload;
}

export function defineTest(input: TestInput): ChaosTest {
  const workload = workloadOf(input.workload);
  const test: ChaosTest = {
    name: input.name ?? `${input.system.name}-${workload.name}`,
    system: input.system,
    workload,
    nodes: input.schedule?.nodes ?? input.nodes ?? TEST_DEFAULTS.nodes,
    concurrency: input.concurrency ?? TEST_DEFAULTS.concurrency,
    timeLimitMs: input.timeLimitMs ?? TEST_DEFAULTS.timeLimitMs,
    rate: input.rate ?? TEST_DEFAULTS.rate,
    keys: input.keys ?? TEST_DEFAULTS.keys,
    nemeses: input.nemeses ?? [],
    nemesisIntervalMs: input.nemesisIntervalMs ?? TEST_DEFAULTS.nemesisIntervalMs,
    seed: input.seed ?? randomSeed(),
    schedule: input.schedule ?? null,
    cutMode: input.cutMode ?? TEST_DEFAULTS.cutMode,
    leaveRunning: false,
    store: input.store ?? process.env.FAULTLINE_STORE ?? 'store',
    requestTimeoutMs: input.requestTimeoutMs ?? TEST_DEFAULTS.requestTimeoutMs,
    opTimeoutMs: input.opTimeoutMs ?? TEST_DEFAULTS.opTimeoutMs,
    recoveryTimeoutMs: input.recoveryTimeoutMs ?? TEST_DEFAULTS.recoveryTimeoutMs,
    checkTimeLimitMs: input.checkTimeLimitMs ?? TEST_DEFAULTS.checkTimeLimitMs,
    command: input.command ?? [],
    replay: '',
  };
  return { ...test, replay: input.replay ?? defaultReplay(test) };
}

/**
 * How to run a test again from the command line: its flags, for a system `faultline run`
 * knows and a schedule drawn from the seed; otherwise none here, and a run replays from
 * its run folder (`faultline run --replay RUN_DIR`).
 */
function defaultReplay(test: ChaosTest): string {
  return isKnownSystem(test.system.name) && test.schedule === null ? replayCommand(test) : '';
}

/** The test as data: what test.json records of it (without the times of a run). */
export function testData(test: ChaosTest): Pick<TestRecord, 'name' | 'seed' | 'config' | 'schedule'> {
  return { name: test.name, seed: test.seed, config: describeTest(test), schedule: test.schedule };
}

/** The test as text: its data as indented JSON. */
export function printTest(test: ChaosTest): string {
  return JSON.stringify(testData(test), null, 2);
}

export class RecordError extends Error {
  override readonly name = 'RecordError';
}

/**
 * The test a recorded test.json describes. Its schedule is the recorded one when the run
 * played a given schedule, else drawn again from its seed (the same one).
 */
export function testFromRecord(record: Pick<TestRecord, 'name' | 'seed' | 'config' | 'schedule'>, overrides: { store?: string; command?: readonly string[] } = {}): ChaosTest {
  const c = record.config;
  const system = c.system;
  if (system === null || typeof system !== 'object') throw new RecordError('test.json has no config.system');
  const workload = c.workload;
  if (typeof workload !== 'string' || !isWorkloadName(workload)) throw new RecordError(`test.json names an unknown workload ${JSON.stringify(workload)}`);
  const nemeses = Array.isArray(c.nemeses) ? c.nemeses.filter((n): n is Nemesis => typeof n === 'string' && isNemesis(n)) : [];
  const number = (key: string, fallback: number): number => (typeof c[key] === 'number' ? (c[key] as number) : fallback);
  const scheduleGiven = c.scheduleFromFile === true && record.schedule !== null && record.schedule !== undefined;
  return defineTest({
    system: systemFrom(system as Record<string, unknown>),
    workload,
    nemeses,
    name: record.name,
    seed: record.seed,
    schedule: scheduleGiven ? recordedSchedule(record) : null,
    nodes: number('nodes', TEST_DEFAULTS.nodes),
    concurrency: number('concurrency', TEST_DEFAULTS.concurrency),
    timeLimitMs: number('timeLimitMs', TEST_DEFAULTS.timeLimitMs),
    rate: number('rate', TEST_DEFAULTS.rate),
    keys: number('keys', TEST_DEFAULTS.keys),
    nemesisIntervalMs: number('nemesisIntervalMs', TEST_DEFAULTS.nemesisIntervalMs),
    cutMode: c.cutMode === 'refuse' ? 'refuse' : 'drop',
    requestTimeoutMs: number('requestTimeoutMs', TEST_DEFAULTS.requestTimeoutMs),
    opTimeoutMs: number('opTimeoutMs', TEST_DEFAULTS.opTimeoutMs),
    recoveryTimeoutMs: number('recoveryTimeoutMs', TEST_DEFAULTS.recoveryTimeoutMs),
    ...(typeof c.replay === 'string' ? { replay: c.replay } : {}),
    ...overrides,
  });
}

/** The schedule test.json recorded, checked as any schedule file is. */
export function recordedSchedule(record: Pick<TestRecord, 'schedule'>): FaultSchedule {
  return parseSchedule(JSON.stringify(record.schedule), 'test.json schedule');
}
