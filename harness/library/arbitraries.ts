/**
 * fast-check arbitraries for users' own property tests: fault schedules (the simulator's
 * shape — many short faults — and real runs' — one fault per interval), a run's network,
 * and a workload's stream of operations (its op mix over a few keys).
 */
import fc from 'fast-check';
import type { WorkloadName } from '../../workloads/index.js';
import type { Workload, WorkloadOp } from '../../workloads/workload.js';
import { workloadOf } from './define.js';

export { networkArbitrary, scheduleArbitrary, scheduleFromSeed, type ScheduleShape } from '../faults/arbitrary.js';
export { realScheduleArbitrary, type RealScheduleShape } from '../real/schedule.js';

/** The first `count` operations of a workload's stream over `keys` keys: reads, writes and cas (register) or adds and reads (set). */
export function opsArbitrary(workload: Workload | WorkloadName = 'register', count = 100, keys = 5): fc.Arbitrary<WorkloadOp[]> {
  return workloadOf(workload)
    .ops(keys)
    .map((stream) => {
      const ops: WorkloadOp[] = [];
      for (const op of stream) {
        if (ops.length === count) break;
        ops.push(op);
      }
      return ops;
    });
}
