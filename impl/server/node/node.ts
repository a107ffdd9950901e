/**
 * One node process, assembled: disk storage, the peer transport, the Replica (the same
 * one the simulator drives), the tick driver, the router and the HTTP API. `startNode`
 * returns once it listens; `stop` shuts it down in order and fsyncs.
 */
import type { Entry, HardState, Membership, NodeId } from '../../raft/types.js';
import { DiskStorage } from '../disk/disk-storage.js';
import { Replica } from '../replica.js';
import type { Frame } from '../transport/frames.js';
import { PeerTransport } from '../transport/peer-transport.js';
import { RaftOutbox } from '../transport/raft-outbox.js';
import { AddressBook } from './address-book.js';
import { AuditLog } from './audit.js';
import { READ_MODES, type NodeConfig } from './config.js';
import { HttpApi } from './http-api.js';
import type { Logger } from './log.js';
import { NodeMetrics } from './metrics.js';
import { ReadyWatch } from './ready-watch.js';
import { Router } from './router.js';
import { Ticker } from './ticker.js';

export interface RunningNode {
  readonly peerAddress: string;
  readonly clientAddress: string;
  stop(reason: string): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 1000;
/** Drop-count log lines per peer at most this often. */
const DROP_LOG_MS = 1000;

export async function startNode(config: NodeConfig, log: Logger): Promise<RunningNode> {
  const metrics = new NodeMetrics();
  const book = new AddressBook(config.dataDir, config.peers);
  log('info', 'node-start', { pid: process.pid, readMode: config.readMode, bugs: [...config.bugs], seed: config.seed, peers: Object.fromEntries(book.entries()) });

  const storage = DiskStorage.open(config.dataDir, config.segmentBytes, {
    onFsync: (seconds) => metrics.fsync.observe(seconds),
    onSnapshotWritten: (snapshot, bytes, segmentsRemoved) => {
      if (bytes > 0) {
        metrics.snapshots.inc({ kind: 'taken' });
        log('info', 'snapshot-taken', { index: snapshot.meta.index, term: snapshot.meta.term, bytes });
      }
      if (segmentsRemoved > 0) log('info', 'log-compacted', { firstIndex: snapshot.meta.index + 1, segmentsRemoved });
    },
  });
  const { recovered } = storage;
  if (recovered.torn !== null) log('warn', 'wal-torn-tail', { ...recovered.torn });
  if (storage.fresh && !config.join) {
    const bootstrap = bootstrapLog([config.id, ...config.peers.keys()]);
    storage.bootstrap(bootstrap.entries, bootstrap.hardState);
  }
  const state = storage.load();
  log('info', 'storage-recovered', {
    snapshotIndex: state?.snapshot?.meta.index ?? 0,
    entries: state?.entries.length ?? 0,
    firstIndex: state?.entries[0]?.index ?? null,
    lastIndex: state?.entries.at(-1)?.index ?? state?.snapshot?.meta.index ?? 0,
    term: state?.hardState.term ?? 0,
    vote: state?.hardState.vote ?? null,
    commit: state?.hardState.commit ?? 0,
    segments: recovered.segments,
    fresh: recovered.state === null,
    bootstrapped: recovered.state === null && !config.join,
  });

  let replica: Replica | null = null;
  const lastDropLog = new Map<NodeId, number>();
  const transport = new PeerTransport({
    self: config.id,
    listen: config.peerListen,
    peers: book.entries(),
    maxQueued: config.peerQueue,
    onFrame: (from, frame) => receive(from, frame),
    onConnected: (peer, address) => log('info', 'peer-connected', { peer, address }),
    onDisconnected: (peer, address, reason) => log('warn', 'peer-disconnected', { peer, address, reason }),
    onDropped: (peer, count) => {
      metrics.dropped.inc({ peer }, count);
      const now = performance.now();
      if (now - (lastDropLog.get(peer) ?? -Infinity) < DROP_LOG_MS) return;
      lastDropLog.set(peer, now);
      log('warn', 'peer-dropped-messages', { peer, dropped: transport.stats()[peer]?.dropped ?? count });
    },
  });

  const router = new Router({
    self: config.id,
    // The stale-read bug means any node serves reads from its own state (as in the
    // simulator), so its reads are not forwarded to the leader.
    readMode: config.bugs.has('stale-read') ? READ_MODES.local : READ_MODES[config.readMode],
    replica: () => replica!,
    transport,
    onForward: () => metrics.forwarded.inc(),
  });
  const watch = new ReadyWatch(config.id, log, metrics, () => router.leaderChanged());
  const audit = new AuditLog(config.id, log);
  replica = new Replica({
    raft: {
      id: config.id,
      membership: { voters: [], learners: [] },
      electionTicks: config.electionTicks,
      heartbeatTicks: config.heartbeatTicks,
      preVote: true,
      checkQuorum: true,
      maxEntriesPerAppend: config.maxAppendEntries,
      seed: config.seed,
      bugs: config.bugs,
    },
    readMode: READ_MODES[config.readMode],
    storage,
    transport: new RaftOutbox(transport),
    compactEvery: config.snapshotEvery,
    observe: (rd) => watch.observe(rd, replica!.raft.status(), (index) => replica!.raft.entry(index)?.term),
    done: (rd, executed) => audit.done(rd, executed),
    defer: (run) => setImmediate(run),
  });
  const running = replica;

  function receive(from: NodeId, frame: Frame): void {
    switch (frame.k) {
      case 'raft':
        if (frame.m.to === config.id && frame.m.from === from) running.receive(frame.m);
        return;
      case 'fwd':
        return router.serveForwarded(from, frame.id, frame.req);
      case 'fwd-reply':
        return router.forwardReplied(frame.id, frame.out);
      case 'addr':
        if (!book.has(frame.peer)) setPeerAddress(frame.peer, frame.address);
        return;
      case 'hello':
      case 'chunk':
        return;
    }
  }

  function setPeerAddress(peer: NodeId, address: string): void {
    if (peer === config.id) return;
    if (book.set(peer, address)) log('info', 'peer-address', { peer, address });
    transport.setAddress(peer, address);
  }

  const promoting = new Set<NodeId>();
  function promoteCaughtUpLearners(): void {
    const status = running.raft.status();
    if (status.role !== 'leader') return;
    for (const learner of status.membership.learners) {
      if (promoting.has(learner) || (status.progress[learner]?.match ?? 0) < status.commit) continue;
      promoting.add(learner);
      running.configure({ type: 'promote', node: learner }, () => promoting.delete(learner));
    }
  }

  const ticker = new Ticker({
    tickMs: config.tickMs,
    tick: () => {
      running.tick();
      promoteCaughtUpLearners();
    },
    onJump: (deltaMs) => log('warn', 'clock-jump', { deltaMs }),
  });

  const api = new HttpApi({
    self: config.id,
    requestTimeoutMs: config.requestTimeoutMs,
    metrics,
    execute: async (op, timeoutMs) => {
      const outcome = await router.execute(op, timeoutMs);
      if (op.op === 'read' && outcome.kind === 'ok') metrics.reads.inc({ mode: config.readMode });
      return outcome;
    },
    status: () => status(),
    membership: (): Membership => running.raft.status().membership,
    setPeerAddress,
    announcePeerAddress: (peer, address) => transport.broadcast({ k: 'addr', peer, address }),
  });

  function status(): Record<string, unknown> {
    const s = running.raft.status();
    return {
      id: s.id,
      role: s.role,
      term: s.term,
      leader: s.leader,
      commit: s.commit,
      applied: s.applied,
      firstIndex: s.firstIndex,
      lastIndex: s.lastIndex,
      snapshotIndex: s.firstIndex - 1,
      membership: s.membership,
      readMode: config.readMode,
      bugs: [...config.bugs],
      clock: Date.now(),
      ticks: ticker.fired,
      pid: process.pid,
      peers: transport.stats(),
      ...(s.role === 'leader' ? { progress: s.progress } : {}),
    };
  }

  const peerAddress = await transport.listen();
  const clientAddress = await api.listen(config.clientListen);
  ticker.start();
  log('info', 'node-ready', { peerAddress, clientAddress });

  let stopping: Promise<void> | null = null;
  return {
    peerAddress,
    clientAddress,
    stop(reason) {
      stopping ??= (async () => {
        log('info', 'shutdown', { reason });
        await api.close(SHUTDOWN_GRACE_MS);
        ticker.stop();
        router.abandonAll();
        await running.idle();
        await transport.close();
        storage.close();
        log('info', 'node-stopped');
      })();
      return stopping;
    },
  };
}

/** A new cluster's first entries: every initial member added as a voter, committed, identical on every member. */
export function bootstrapLog(members: readonly NodeId[]): { entries: Entry[]; hardState: HardState } {
  const entries: Entry[] = [...new Set(members)].sort().map((node, i) => ({ index: i + 1, term: 1, type: 'conf', change: { type: 'add-voter', node } }));
  return { entries, hardState: { term: 1, vote: null, commit: entries.length } };
}
