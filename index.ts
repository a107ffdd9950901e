/**
 * faultline as a library: chaos tests as typed values, the systems they run against,
 * the fault vocabulary and its fast-check arbitraries, the runners (real processes and
 * the simulator), shrinking and the checker. `faultline/vitest` adds `chaosTest`.
 * docs/library.md walks through it.
 */

// Systems under test (docs/systems.md).
export type { ClientOptions, KvClient, KvValue, Membership, MemberRoute, NodeCommand, NodePlan, NodeStatus, Outcome, Role, System } from './harness/systems/system.js';
export { attemptUntilDeadline, type Attempt, type AttemptPolicy } from './harness/systems/attempts.js';
export { httpJson, type HttpCall, type HttpResult } from './harness/systems/http.js';
export { DEFAULT_FAULTLINE_OPTIONS, FaultlineSystem, READ_MODES, type FaultlineOptions, type ReadMode } from './harness/systems/faultline/system.js';
export { DEFAULT_ETCD_OPTIONS, EtcdSystem, type EtcdOptions } from './harness/systems/etcd/system.js';
export { EtcdKvClient } from './harness/systems/etcd/client.js';
export { registerSystem, systemFrom, systemNames, type SystemFactory } from './harness/systems/registry.js';
export { etcdSystem, faultlineSystem } from './harness/library/systems.js';
export { BUG_NAMES, type BugName } from './impl/bugs.js';
export type { Address } from './harness/real/ports.js';
export { SetupError } from './harness/real/errors.js';

// Tests as values.
export { TEST_DEFAULTS, describeTest, type ChaosTest } from './harness/real/test.js';
export { defineTest, printTest, testData, testFromRecord, type TestInput } from './harness/library/define.js';
export { WORKLOADS, WORKLOAD_NAMES, type WorkloadName } from './workloads/index.js';
export type { Workload, WorkloadOp } from './workloads/workload.js';

// Faults: the vocabulary, schedules as JSON, nemeses, arbitraries.
export type { ClockChange, Fault, FaultKind, FaultSchedule, NetworkProfile, NodeId, Target } from './harness/faults/schedule.js';
export { CALM_NETWORK, FAULT_KINDS, InvalidScheduleError } from './harness/faults/schedule.js';
export { parseSchedule, scheduleToJson } from './harness/faults/schedule-json.js';
export { NEMESES, NEMESIS_NAMES, parseNemeses, type Nemesis } from './harness/faults/nemeses.js';
export { describeFault, describeSchedule } from './harness/faults/describe.js';
export { networkArbitrary, opsArbitrary, realScheduleArbitrary, scheduleArbitrary, scheduleFromSeed, type RealScheduleShape, type ScheduleShape } from './harness/library/arbitraries.js';

// Running: against processes, in the simulator; shrinking a failure.
export { runChaosTest, type RunHooks, type RunOutcome } from './harness/real/run.js';
export { failureOf, realJudge, runCase } from './harness/library/real-run.js';
export { simulate, simOptionsOf, testSimJudge, type SimRun } from './harness/library/simulate.js';
export { searchSchedules, simJudge, type SearchOptions, type SearchOutcome } from './harness/sim/search.js';
export { caseSize, describeSize, shrinkCase, SIM_SHRINK_RUNS, type Judge, type ShrinkCase, type ShrinkOptions, type ShrinkOutcome } from './harness/faults/shrink.js';
export { ChaosTestFailure, failureMessage, type FailureFacts } from './harness/library/failure.js';

// Histories and the checker.
export { readHistory } from './checkers/history/read.js';
export { checkOperations } from './checkers/linearizable/check.js';
export type { CheckResult, Verdict } from './checkers/linearizable/result.js';
export type { Results, TestRecord } from './harness/store/types.js';
