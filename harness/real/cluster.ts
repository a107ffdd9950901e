/**
 * The nodes of one run, for any system: each started from the system's command under
 * the supervisor, reached by its peers and clients only through the proxied network,
 * with its own clock file when clocks are faked. It knows what state each node is in
 * (running, paused, crashed, out of the cluster) and which one leads.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { RunFolder } from '../store/run-folder.js';
import type { MemberRoute, NodePlan, NodeStatus, System } from '../systems/system.js';
import { FakeClock, faketimeLeftovers } from './clock/faketime.js';
import { SetupError } from './errors.js';
import { PeerSockets } from './peer-sockets.js';
import { freePort, LOOPBACK, type Address } from './ports.js';
import type { Supervised, Supervisor } from './process/supervisor.js';
import type { ProxiedNetwork } from './toxiproxy/network.js';

export type NodeState = 'running' | 'paused' | 'crashed' | 'stopped';

export interface ClusterNode {
  readonly id: string;
  readonly peerListen: Address;
  readonly clientListen: Address;
  /** Null when clocks are not faked in this run. */
  readonly clock: FakeClock | null;
  process: Supervised | null;
  state: NodeState;
  /** A voting member as far as the harness knows (false once removed, until added back). */
  member: boolean;
}

export interface ClusterOptions {
  readonly system: System;
  readonly supervisor: Supervisor;
  readonly network: ProxiedNetwork;
  readonly folder: RunFolder;
  /** libfaketime's path when clocks are faked. */
  readonly libfaketime: string | null;
  /** How long a node may take to answer /status after it starts. */
  readonly startTimeoutMs: number;
  readonly statusTimeoutMs: number;
  /** Nodes outlive the harness (`--leave-running`). */
  readonly leaveRunning: boolean;
  /** Passed on to every node's plan (NodePlan.maxEntriesPerAppend). */
  readonly maxEntriesPerAppend?: number;
}

export class Cluster {
  private readonly nodes = new Map<string, ClusterNode>();
  private readonly sockets = new PeerSockets();

  constructor(private readonly options: ClusterOptions) {
    if (options.leaveRunning && options.system.peerSocket !== undefined) {
      throw new SetupError(`${options.system.name} nodes dial their peers through sockets the harness serves: they cannot be left running`);
    }
  }

  get system(): System {
    return this.options.system;
  }

  get network(): ProxiedNetwork {
    return this.options.network;
  }

  /** Every node ever started, in the order they were added. */
  get all(): readonly ClusterNode[] {
    return [...this.nodes.values()];
  }

  /** Nodes in the run now: members and nodes joining, running or not, but not those stopped for good. */
  get present(): readonly ClusterNode[] {
    return this.all.filter((n) => n.state !== 'stopped');
  }

  get members(): readonly ClusterNode[] {
    return this.all.filter((n) => n.member);
  }

  node(id: string): ClusterNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  /** Adds nodes to the network and starts them all as the initial members. */
  async bootstrap(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.place(id, true);
    for (const id of ids) await this.spawn(this.node(id), false);
    await Promise.all(ids.map((id) => this.awaitAnswering(this.node(id))));
  }

  /** A new node joins the running cluster: placed, started with `joining`, then added by the system's membership. */
  async join(id: string, timeoutMs: number): Promise<void> {
    const membership = this.requireMembership();
    const node = this.nodes.get(id) ?? (await this.place(id, false));
    rmSync(this.options.folder.nodeDataDir(id), { recursive: true, force: true });
    await this.spawn(node, true);
    await this.awaitAnswering(node);
    await this.network.setClientRoute(id, true);
    await membership.add(id, this.routesTo(id), timeoutMs);
    node.member = true;
  }

  /** Takes a member out of the cluster (its process keeps running, outside it) and stops it. */
  async leave(id: string, timeoutMs: number): Promise<void> {
    const membership = this.requireMembership();
    await membership.remove(id, this.routesTo(id), timeoutMs);
    await this.discard(id);
  }

  /**
   * After a membership change that failed: whether the cluster made it anyway (a change
   * that timed out may still commit), as the leader's voters say; if it did, the
   * harness's view follows — a node the cluster removed is stopped, one it added is a
   * member. Without a leader within `timeoutMs` nobody can say: false.
   */
  async madeAnyway(id: string, change: 'add' | 'remove', timeoutMs: number): Promise<boolean> {
    const leader = await this.awaitLeader(timeoutMs);
    if (leader === null) return false;
    const voters = (await this.status(leader).catch(() => null))?.voters;
    if (voters === undefined) return false;
    if (change === 'remove' && !voters.includes(id)) {
      await this.discard(id);
      return true;
    }
    const node = this.nodes.get(id);
    if (change === 'add' && node !== undefined && voters.includes(id)) {
      node.member = true;
      return true;
    }
    return false;
  }

  /** Stops a node that is not (or no longer) a member, e.g. one that failed to join. */
  async discard(id: string): Promise<void> {
    const node = this.node(id);
    node.member = false;
    if (node.process !== null) await node.process.stop(2000);
    node.state = 'stopped';
    await this.network.setClientRoute(id, false);
  }

  /** SIGKILL; false when the node was not running. */
  async crash(id: string): Promise<boolean> {
    const node = this.node(id);
    if (node.process === null || (node.state !== 'running' && node.state !== 'paused')) return false;
    await node.process.kill();
    node.state = 'crashed';
    await this.network.setClientRoute(id, false);
    return true;
  }

  /** Starts a crashed node again on its data and ports. */
  async restart(id: string): Promise<boolean> {
    const node = this.node(id);
    if (node.state !== 'crashed') return false;
    await this.spawn(node, false);
    // Clients reach it again once it listens (its route was closed while it was down).
    try {
      await this.awaitAnswering(node);
    } catch (error) {
      // Another fault killed it again while it was starting: it stays down, as that fault wants.
      if (node.process?.endedOnPurpose === true) return true;
      throw error;
    }
    await this.network.setClientRoute(id, true);
    return true;
  }

  pause(id: string): boolean {
    const node = this.node(id);
    if (node.state !== 'running' || node.process === null) return false;
    node.process.pause();
    node.state = 'paused';
    return true;
  }

  resume(id: string): boolean {
    const node = this.node(id);
    if (node.state !== 'paused' || node.process === null) return false;
    node.process.resume();
    node.state = 'running';
    return true;
  }

  status(id: string): Promise<NodeStatus> {
    return this.system.status(id, this.node(id).clientListen, this.options.statusTimeoutMs);
  }

  /** What every running member says; nodes that cannot answer are left out. */
  async statuses(): Promise<NodeStatus[]> {
    const running = this.members.filter((n) => n.state === 'running');
    const answers = await Promise.allSettled(running.map((n) => this.status(n.id)));
    return answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
  }

  /** The node that says it leads in the highest term, or null. */
  async leader(): Promise<string | null> {
    const leaders = (await this.statuses()).filter((s) => s.role === 'leader');
    leaders.sort((a, b) => (b.term ?? 0) - (a.term ?? 0));
    return leaders[0]?.id ?? null;
  }

  /** Waits until a majority of the members name the same leader; resolves with it, or null at the deadline. */
  async awaitLeader(timeoutMs: number): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    const quorum = Math.floor(this.members.length / 2) + 1;
    for (;;) {
      const statuses = await this.statuses();
      const votes = new Map<string, number>();
      for (const s of statuses) if (s.leader !== undefined && s.leader !== null) votes.set(s.leader, (votes.get(s.leader) ?? 0) + 1);
      const agreed = [...votes].find(([, count]) => count >= quorum);
      if (agreed !== undefined) return agreed[0];
      if (Date.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Ends every node: paused ones are continued first; waits until all have exited. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.all.map(async (node) => {
        if (node.process !== null && node.process.running) await node.process.stop(2000);
        node.state = 'stopped';
      }),
    );
    await this.sockets.close();
  }

  private async place(id: string, member: boolean): Promise<ClusterNode> {
    const node: ClusterNode = {
      id,
      peerListen: { host: LOOPBACK, port: await freePort() },
      clientListen: { host: LOOPBACK, port: await freePort() },
      clock: this.options.libfaketime === null ? null : new FakeClock(this.options.libfaketime, this.options.folder.nodeClockPath(id)),
      process: null,
      state: 'stopped',
      member,
    };
    this.nodes.set(id, node);
    await this.network.addNode({ id, peer: node.peerListen, client: node.clientListen });
    await Promise.all(this.all.filter((n) => n.id !== id).map((n) => this.servePeerSocket(n.id, id)));
    return node;
  }

  private async spawn(node: ClusterNode, joining: boolean): Promise<void> {
    const dataDir = this.options.folder.nodeDataDir(node.id);
    mkdirSync(dataDir, { recursive: true });
    await Promise.all(this.all.filter((n) => n.id !== node.id).map((n) => this.servePeerSocket(node.id, n.id)));
    const peers = this.network.peersOf(node.id, this.all.filter((n) => n.member || n.id === node.id).map((n) => n.id));
    const plan: NodePlan = {
      id: node.id,
      peerListen: node.peerListen,
      clientListen: node.clientListen,
      peers,
      dataDir,
      joining,
      exitWithHarness: !this.options.leaveRunning,
      ...(this.options.maxEntriesPerAppend === undefined ? {} : { maxEntriesPerAppend: this.options.maxEntriesPerAppend }),
    };
    const command = this.system.command(plan);
    node.clock?.processStarting();
    node.process = this.options.supervisor.spawn({
      name: `node ${node.id}`,
      file: command.file,
      args: command.args,
      cwd: dataDir,
      env: { ...command.env, ...node.clock?.env() },
      stdoutPath: this.options.folder.nodeLogPath(node.id),
      stderrPath: this.options.folder.nodeStderrPath(node.id),
      orphan: command.orphan,
      ...(node.clock === null ? {} : { leftovers: faketimeLeftovers }),
    });
    node.state = 'running';
  }

  /** When the system dials peers through sockets: the one in `from`'s folder that leads to `to` (through proxy from→to). */
  private async servePeerSocket(from: string, to: string): Promise<void> {
    const socket = this.system.peerSocket?.(to);
    if (socket === undefined) return;
    await this.sockets.serve(this.options.folder.nodeDataDir(from), socket, this.network.peerAddress(from, to));
  }

  private async awaitAnswering(node: ClusterNode): Promise<void> {
    const deadline = Date.now() + this.options.startTimeoutMs;
    let lastError = '';
    while (Date.now() < deadline) {
      if (node.process === null || !node.process.running) {
        throw new SetupError(`node ${node.id} exited while starting (${JSON.stringify(node.process?.exit)}); see ${this.options.folder.nodeStderrPath(node.id)}`);
      }
      try {
        await this.status(node.id);
        return;
      } catch (error) {
        lastError = (error as Error).message;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new SetupError(`node ${node.id} did not answer within ${this.options.startTimeoutMs} ms (${lastError}); see ${this.options.folder.nodeLogPath(node.id)}`);
  }

  private requireMembership(): NonNullable<System['membership']> {
    const membership = this.system.membership;
    if (membership === undefined) throw new Error(`${this.system.name} has no membership changes`);
    return membership;
  }

  /** Every other member, reached directly, with the proxy it dials `id` through. */
  private routesTo(id: string): MemberRoute[] {
    return this.members
      .filter((m) => m.id !== id && m.state === 'running')
      .map((m) => ({ id: m.id, clientListen: m.clientListen, dialsNode: this.network.peerAddress(m.id, id) }));
  }
}
