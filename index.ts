/**
 * faultline as a library: everything a user needs to write chaos tests in TypeScript,
 * with its types. The command line (`faultline …`) is built on the same pieces.
 */
export type { ClientOptions, KvClient, KvValue, Membership, MemberRoute, NodeCommand, NodePlan, NodeStatus, Outcome, Role, System } from './harness/systems/system.js';
export { attemptUntilDeadline, type Attempt, type AttemptPolicy } from './harness/systems/attempts.js';
export { httpJson, type HttpCall, type HttpResult } from './harness/systems/http.js';
export { DEFAULT_FAULTLINE_OPTIONS, FaultlineSystem, READ_MODES, type FaultlineOptions, type ReadMode } from './harness/systems/faultline/system.js';
export { DEFAULT_ETCD_OPTIONS, EtcdSystem, type EtcdOptions } from './harness/systems/etcd/system.js';
export { EtcdKvClient } from './harness/systems/etcd/client.js';
export type { Address } from './harness/real/ports.js';
export { SetupError } from './harness/real/errors.js';
