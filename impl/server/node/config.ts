/** Everything a node is started with (harness/cli/node.ts builds it from flags). */
import type { Bugs } from '../../bugs.js';
import type { NodeId } from '../../raft/types.js';
import type { ReplicaReadMode } from '../replica.js';

/** The read modes as the CLI and /status name them. */
export const READ_MODES = { index: 'read-index', lease: 'lease', local: 'local' } as const satisfies Record<string, ReplicaReadMode>;
export type ReadModeName = keyof typeof READ_MODES;

export interface NodeConfig {
  readonly id: NodeId;
  readonly dataDir: string;
  readonly peerListen: string;
  readonly clientListen: string;
  /** This node's dial address for each peer. */
  readonly peers: ReadonlyMap<NodeId, string>;
  /** Start empty and wait to be added, instead of bootstrapping with `peers`. */
  readonly join: boolean;
  readonly readMode: ReadModeName;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly snapshotEvery: number;
  readonly maxAppendEntries: number;
  readonly segmentBytes: number;
  readonly requestTimeoutMs: number;
  readonly peerQueue: number;
  readonly seed: number;
  readonly bugs: Bugs;
}

export const DEFAULTS = {
  readMode: 'index',
  tickMs: 10,
  electionTicks: 10,
  heartbeatTicks: 2,
  snapshotEvery: 100_000,
  maxAppendEntries: 256,
  segmentBytes: 64 * 1024 * 1024,
  requestTimeoutMs: 2000,
  peerQueue: 4096,
} as const;
