/**
 * One chaos run, start to end: the environment (Toxiproxy, nodes), the clients and
 * the nemesis at once until the time limit, then the final phase — heal everything,
 * wait for a leader, read every key — then the check, results.json, the report and
 * store/latest. Whatever happens, every process it started is ended (unless the test
 * says to leave them running).
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { readHistory } from '../../checkers/history/read.js';
import { checkOperations, type CheckResult } from '../../checkers/linearizable/check.js';
import { renderRunReport } from '../../reports/run-folder.js';
import { writeStoreIndex } from '../../reports/store-index.js';
import { CALM_NETWORK, nodeIds, type FaultSchedule } from '../faults/schedule.js';
import { RunFolder } from '../store/run-folder.js';
import { RUN_FILES } from '../store/types.js';
import { historyStats } from '../store/stats.js';
import type { Results, TestRecord } from '../store/types.js';
import type { WorkloadOp } from '../../workloads/workload.js';
import { Acknowledgements } from './acknowledgements.js';
import { ClientPool, Processes } from './clients.js';
import { preflight, startEnvironment, type Environment } from './environment.js';
import { NemesisRunner } from './nemesis/runner.js';
import { packageVersion } from './paths.js';
import { Recorder, type Tallies } from './recorder.js';
import { realScheduleArbitrary } from './schedule.js';
import { LeadershipFeed } from './leadership-feed.js';
import { NodeLogTail } from './node-log-tail.js';
import { ViolationWatch, type Violation } from './watch.js';
import { describeTest, type ChaosTest } from './test.js';

export interface Progress {
  readonly phase: 'starting' | 'running' | 'healing' | 'final reads' | 'checking';
  readonly elapsedMs: number;
  readonly timeLimitMs: number;
  readonly tallies: Readonly<Tallies>;
  readonly faultsInForce: Readonly<Record<string, number>>;
  readonly faultsStarted: number;
}

export interface RunHooks {
  onProgress?(progress: Progress): void;
  /** Lines about the run worth a person's attention (a heal that failed, leftovers swept). */
  onNotice?(message: string): void;
  /** Aborting stops the clients and the nemesis at once; the run still heals, stops and checks. */
  readonly signal?: AbortSignal;
  /** Check the history every this many ms while the run goes on, and stop at the first violation (`--fail-fast`). */
  readonly checkEveryMs?: number;
  /** Called with the environment once it runs (tests use it to look inside). */
  onEnvironment?(env: Environment): void;
}

export interface RunOutcome {
  readonly folder: RunFolder;
  readonly results: Results;
  readonly schedule: FaultSchedule;
  /** Nodes and Toxiproxy left running (--leave-running): where they are. */
  readonly leftRunning: readonly string[];
  /** The first violation found while the run went on (with checkEveryMs). */
  readonly violation: Violation | null;
}

/** The operations and the fault schedule a seed stands for. */
export function planOf(test: ChaosTest): { ops: Iterator<WorkloadOp>; schedule: FaultSchedule } {
  const schedule = realScheduleArbitrary({ nodes: test.nodes, nemeses: test.nemeses, timeLimitMs: test.timeLimitMs, intervalMs: test.nemesisIntervalMs });
  const [plan] = fc.sample(fc.noBias(fc.record({ ops: test.workload.ops(test.keys), schedule })), { seed: test.seed, numRuns: 1 });
  return { ops: plan!.ops[Symbol.iterator](), schedule: test.schedule ?? plan!.schedule };
}

export async function runChaosTest(test: ChaosTest, hooks: RunHooks = {}): Promise<RunOutcome> {
  const notice = hooks.onNotice ?? (() => {});
  const { ops, schedule } = planOf(test);
  const fakeClocks = schedule.faults.some((f) => f.kind === 'clock');
  preflight(test.system, fakeClocks);
  const folder = RunFolder.create(test.store, test.name, new Date());
  const ids = nodeIds(test.nodes);
  const logs = test.system.logInvariants === undefined ? null : new NodeLogTail(join(folder.dir, RUN_FILES.nodes), test.system.logInvariants());
  const env = await startEnvironment({
    system: test.system,
    folder,
    nodes: ids,
    cutMode: test.cutMode,
    fakeClocks,
    leaveRunning: test.leaveRunning,
    maxEntriesPerAppend: schedule.maxEntriesPerAppend,
    onToxiproxyRestart: (reason) => notice(`Toxiproxy stopped answering (${reason}); restarted it with every proxy, cut and toxic in force`),
  });
  hooks.onEnvironment?.(env);
  if (env.swept.killed.length > 0 || env.swept.removed.length > 0) {
    notice(`swept what an earlier, killed run left: ${[...env.swept.killed, ...env.swept.removed].join(', ')}`);
  }
  let stopped: string | undefined;
  let recorder: Recorder | null = null;
  let leftRunning: string[] = [];
  let watch: ViolationWatch | null = null;
  try {
    const { cluster } = env;
    const profile = peerLinkQuality(schedule);
    if (profile !== null) await cluster.network.degrade(cluster.network.routesAmong(ids, false), profile);
    if ((await cluster.awaitLeader(test.recoveryTimeoutMs)) === null) notice('no leader before the run started; running anyway');
    recorder = new Recorder(folder.openHistory());
    folder.writeTest(testRecord(test, recorder.startedAtMs, schedule));
    folder.markLatest();

    const { system } = test;
    const leaderships =
      system.leadershipIn === undefined
        ? null
        : new LeadershipFeed(join(folder.dir, RUN_FILES.nodes), {
            leadershipIn: (line) => system.leadershipIn!(line),
            appliedIn: (line) => system.appliedIn?.(line) === true,
            ...(system.candidacyIn === undefined ? {} : { candidacyIn: (line: string) => system.candidacyIn!(line) }),
          });
    let nextNode = ids.length;
    const acknowledgements = new Acknowledgements();
    recorder.onEvent((event) => acknowledgements.observe(event));
    const nemesis = new NemesisRunner(
      { cluster, membershipTimeoutMs: 10_000, newNodeId: () => `n${++nextNode}`, warn: notice, acknowledged: (withinMs) => acknowledgements.next(withinMs), leaderships, peerDelayMs: profile?.latencyMs ?? 0 },
      recorder,
    );
    const pool = new ClientPool({
      system: test.system,
      workload: test.workload,
      recorder,
      nodes: ids,
      clientAddress: (node) => cluster.network.clientAddress(node),
      requestTimeoutMs: test.requestTimeoutMs,
      opTimeoutMs: test.opTimeoutMs,
    });
    const rec = recorder;
    const progress = (phase: Progress['phase']): Progress => ({
      phase,
      elapsedMs: rec.elapsedMs(),
      timeLimitMs: test.timeLimitMs,
      tallies: rec.tallies,
      faultsInForce: nemesis.inForceByKind(),
      faultsStarted: nemesis.started,
    });
    let phase: Progress['phase'] = 'running';
    const ticker = setInterval(() => hooks.onProgress?.(progress(phase)), 500);
    try {
      const aborted = (): boolean => hooks.signal?.aborted === true || watch?.found != null;
      watch = hooks.checkEveryMs === undefined ? null : new ViolationWatch({ historyPath: folder.historyPath, model: test.workload.model, logs, elapsedMs: () => rec.elapsedMs() });
      watch?.start(hooks.checkEveryMs!);
      nemesis.play(schedule, test.timeLimitMs);
      const processes = new Processes(test.concurrency);
      await pool.run(ops, test.concurrency, test.rate, () => !aborted() && rec.elapsedMs() < test.timeLimitMs, processes);
      await watch?.stop();
      if (watch?.found != null) stopped = `a violation was found at ${(watch.found.foundAtMs / 1000).toFixed(1)} s (--fail-fast): ${watch.found.what}`;
      else if (aborted()) stopped = `interrupted (${String(hooks.signal?.reason ?? 'signal')})`;
      phase = 'healing';
      await nemesis.stop();
      // A run stopped early skips the final reads: what it found is already in the history.
      if (stopped === undefined) {
        phase = 'final reads';
        if ((await cluster.awaitLeader(test.recoveryTimeoutMs)) === null) notice(`no leader within ${test.recoveryTimeoutMs} ms of healing`);
        const members = cluster.members.map((m) => m.id);
        const finalPool = pool.boundTo(members);
        await Promise.all(test.workload.finalReads(test.keys).map((op) => finalPool.perform(processes.fresh(), op, test.recoveryTimeoutMs)));
      }
      phase = 'checking';
      hooks.onProgress?.(progress(phase));
    } finally {
      clearInterval(ticker);
      // Its worker thread and timers would keep this process alive after an exception.
      await watch?.stop();
    }
  } finally {
    recorder?.close();
    if (test.leaveRunning) {
      leftRunning = describeLeftRunning(env);
      env.abandon();
    } else {
      await env.close();
    }
  }
  if (recorder === null) throw new Error('the run ended before its history started');
  const results = await checkRun(folder, test, recorder.startedAtMs, stopped, logs?.poll().findings ?? [], watch?.found != null);
  await renderReports(folder, test.store, notice);
  return { folder, results, schedule, leftRunning, violation: watch?.found ?? null };
}

/**
 * A schedule's network, when it is slower than loopback (else null): its delay range
 * becomes latency ± jitter on every peer link for the whole run. Drops, duplicates and
 * late delivery (a simulator's schedule) are left to the real network.
 */
function peerLinkQuality(schedule: FaultSchedule): { latencyMs: number; jitterMs: number } | null {
  const { minDelayMs, maxDelayMs } = schedule.network;
  if (maxDelayMs <= CALM_NETWORK.maxDelayMs) return null;
  return { latencyMs: Math.round((minDelayMs + maxDelayMs) / 2), jitterMs: Math.round((maxDelayMs - minDelayMs) / 2) };
}

function describeLeftRunning(env: Environment): string[] {
  const lines = [`toxiproxy pid ${env.toxiproxy.process.pid} at ${env.toxiproxy.url}`];
  for (const node of env.cluster.all) {
    if (node.process?.running !== true) continue;
    const client = env.cluster.network.clientAddress(node.id);
    lines.push(`${node.id} pid ${node.process.pid}, clients via ${client.host}:${client.port} (direct ${node.clientListen.host}:${node.clientListen.port})`);
  }
  return lines;
}

function testRecord(test: ChaosTest, startedAtMs: number, schedule: FaultSchedule): TestRecord {
  return {
    name: test.name,
    startedAt: new Date(startedAtMs).toISOString(),
    startedAtMs,
    seed: test.seed,
    command: test.command,
    versions: { faultline: packageVersion(), node: process.version },
    config: describeTest(test),
    schedule,
  };
}

/** The run's report.html and the store's index.html; a report that fails is a notice, not a failed run. */
async function renderReports(folder: RunFolder, store: string, notice: (message: string) => void): Promise<void> {
  try {
    await renderRunReport(folder.dir);
    writeStoreIndex(store);
  } catch (error) {
    notice(`the report could not be written: ${(error as Error).message}`);
  }
}

/**
 * Checks the history as it is on disk (what was recorded is what is checked) and writes
 * results.json; a finding of the nodes' log invariants makes the run invalid whatever
 * the history says. A run the watch stopped is checked as the watch checks, a stale read
 * looked for first: its verdict comes at once, not after a search of up to the time limit.
 */
async function checkRun(
  folder: RunFolder,
  test: ChaosTest,
  startedAtMs: number,
  stopped: string | undefined,
  findings: readonly string[],
  watchFound: boolean,
): Promise<Results> {
  const history = readHistory(folder.historyPath, { format: 'jsonl' });
  const checker: CheckResult = await checkOperations(history.operations, test.workload.model, { timeLimitMs: test.checkTimeLimitMs, witnessFirst: watchFound });
  const { counts, latency } = historyStats(history.events);
  const results: Results = {
    verdict: findings.length > 0 ? 'invalid' : checker.verdict,
    checker,
    ...(findings.length === 0 ? {} : { findings }),
    counts,
    latency,
    // A test without a command line of its own (a library test playing a given schedule) replays from its run folder.
    replay: test.replay === '' ? `faultline run --replay ${folder.dir}` : test.replay,
    ...(stopped === undefined ? {} : { stopped }),
    durationMs: Date.now() - startedAtMs,
  };
  folder.writeResults(results);
  return results;
}
