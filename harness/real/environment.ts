/**
 * Everything a real run stands on, started in order and ended in reverse: a supervisor
 * (after sweeping what killed runs left), a Toxiproxy server, the proxied network and
 * the cluster's nodes.
 */
import type { RunFolder } from '../store/run-folder.js';
import type { System } from '../systems/system.js';
import { locateLibfaketime } from './clock/faketime.js';
import { Cluster } from './cluster.js';
import { Ledger, sweepLeftovers, type SweepReport } from './process/ledger.js';
import { Supervisor } from './process/supervisor.js';
import { locateToxiproxy } from './toxiproxy/binary.js';
import { ManagedToxiproxy } from './toxiproxy/managed.js';
import { ProxiedNetwork, type CutMode } from './toxiproxy/network.js';
import { ToxiproxyServer } from './toxiproxy/server.js';

export interface EnvironmentOptions {
  readonly system: System;
  readonly folder: RunFolder;
  readonly nodes: readonly string[];
  readonly cutMode: CutMode;
  /** Preload libfaketime into every node (the clock nemesis needs it). */
  readonly fakeClocks: boolean;
  readonly startTimeoutMs?: number;
  /** Nodes and Toxiproxy outlive the harness (`--leave-running`). */
  readonly leaveRunning?: boolean;
  /** Every node's NodePlan.maxEntriesPerAppend. */
  readonly maxEntriesPerAppend?: number;
  /** Told when Toxiproxy stopped answering and was restarted with its proxies (managed.ts). */
  readonly onToxiproxyRestart?: (reason: string) => void;
}

export interface Environment {
  readonly supervisor: Supervisor;
  readonly toxiproxy: ToxiproxyServer;
  readonly cluster: Cluster;
  readonly swept: SweepReport;
  /** Ends every process and removes this run from the ledger. */
  close(): Promise<void>;
  /** Leaves the processes running, forgetting them (for --leave-running): the next run's sweep must not end them. */
  abandon(): void;
}

export interface Tools {
  readonly toxiproxy: string;
  readonly libfaketime: string | null;
}

/** Everything a run needs that the user may have to install: checked before anything starts. */
export function preflight(system: System, fakeClocks: boolean): Tools {
  system.preflight();
  return { toxiproxy: locateToxiproxy(), libfaketime: fakeClocks ? locateLibfaketime() : null };
}

export async function startEnvironment(options: EnvironmentOptions): Promise<Environment> {
  const { toxiproxy: toxiproxyBinary, libfaketime } = preflight(options.system, options.fakeClocks);
  const swept = sweepLeftovers();
  const ledger = new Ledger();
  const supervisor = new Supervisor(ledger);
  let cluster: Cluster | null = null;
  try {
    const leaveRunning = options.leaveRunning ?? false;
    const toxiproxy = await ToxiproxyServer.start(supervisor, {
      binary: toxiproxyBinary,
      logPath: options.folder.toxiproxyLogPath,
      orphan: leaveRunning ? 'survive' : 'kill',
    });
    const managed = new ManagedToxiproxy(toxiproxy);
    managed.onRestart = (reason) => options.onToxiproxyRestart?.(reason);
    const network = new ProxiedNetwork(managed, options.cutMode);
    cluster = new Cluster({
      system: options.system,
      supervisor,
      network,
      folder: options.folder,
      libfaketime,
      startTimeoutMs: options.startTimeoutMs ?? 30_000,
      statusTimeoutMs: 1000,
      leaveRunning,
      ...(options.maxEntriesPerAppend === undefined ? {} : { maxEntriesPerAppend: options.maxEntriesPerAppend }),
    });
    await cluster.bootstrap(options.nodes);
    const started = cluster;
    return {
      supervisor,
      toxiproxy,
      cluster: started,
      swept,
      close: async () => {
        managed.close();
        await started.stopAll();
        await supervisor.close();
      },
      abandon: () => supervisor.abandon(),
    };
  } catch (error) {
    await cluster?.stopAll();
    await supervisor.close(500);
    throw error;
  }
}
