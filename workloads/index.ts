/** The workloads of chaos runs, by name (`faultline run --workload`). */
import { REGISTER } from './register.js';
import { SET } from './set.js';
import type { Workload } from './workload.js';

export const WORKLOADS = { register: REGISTER, set: SET } as const satisfies Record<string, Workload>;
export type WorkloadName = keyof typeof WORKLOADS;
export const WORKLOAD_NAMES = Object.keys(WORKLOADS) as WorkloadName[];

export function isWorkloadName(name: string): name is WorkloadName {
  return Object.hasOwn(WORKLOADS, name);
}
