/**
 * npm run bench:detect — how fast real chaos runs find each seeded bug, and that the
 * correct store raises no false alarm. Real processes behind real Toxiproxy, one fault
 * every BENCH_INTERVAL seconds (default 2); each bugged run checks its history at least
 * every 2 s (harness/real/watch.ts) and stops at the first violation (up to 60 s). Prints figures; asserts nothing.
 * Each bug runs under the nemeses a tester of the property it breaks would choose (AIMED
 * below), as a Jepsen test picks its nemesis; the correct store under every nemesis.
 * BENCH_AIMED=0 (or BENCH_NEMESIS) runs the bugs under every nemesis (or those named)
 * instead. BENCH_SEEDS (default 10) and BENCH_CORRECT (default 10) set the counts;
 * BENCH_BUGS limits the bugs (comma-separated; empty: none, only the correct store);
 * BENCH_CONCURRENCY (default 20) sets the clients and BENCH_NODES (default 3) the nodes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUG_NAMES, isBugName, type BugName } from '../impl/bugs.js';
import { NEMESIS_NAMES, parseNemeses, type Nemesis } from '../harness/faults/nemeses.js';
import { runChaosTest } from '../harness/real/run.js';
import { faultlineTest, TEST_DEFAULTS, type FaultlineTestOptions } from '../harness/real/test.js';

const seeds = Number(process.env.BENCH_SEEDS ?? 10);
const correctRuns = Number(process.env.BENCH_CORRECT ?? 10);
const intervalMs = Number(process.env.BENCH_INTERVAL ?? 2) * 1000;
/**
 * 20 clients: a bug that leader churn shows (`no-noop`) needs reads in flight in the
 * moments after a new leader wins, and while churn is in force most clients wait out a
 * deadline against a leader just cut off. With 10, `no-noop` showed in 8 seeds of 10.
 */
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 20);
const nodes = Number(process.env.BENCH_NODES ?? TEST_DEFAULTS.nodes);
const bugs = (process.env.BENCH_BUGS?.split(',') ?? [...BUG_NAMES]).filter(isBugName);
const nemeses = process.env.BENCH_NEMESIS === undefined ? NEMESIS_NAMES : parseNemeses([process.env.BENCH_NEMESIS]);
const aimed = process.env.BENCH_AIMED === undefined ? process.env.BENCH_NEMESIS === undefined : process.env.BENCH_AIMED === '1';
const store = mkdtempSync(join(tmpdir(), 'faultline-bench-detect-'));
const LIMIT_MS = 60_000;
const TARGET_SHARE = 0.9;

/**
 * The nemeses aimed at what each bug breaks: durability of votes and acknowledged
 * entries (crashes, the voters of an election, right after acknowledgements), reads
 * after a leader change (leaders cut off one after another, on links slower than
 * loopback), and retried requests (lost answers: cuts between a follower and the
 * leader, reset connections).
 */
const AIMED: { readonly [B in BugName]: readonly Nemesis[] } = {
  'stale-read': ['partition'],
  'no-noop': ['leader-churn', 'latency'],
  'forget-vote': ['kill'],
  'old-term-commit': ['leader-churn', 'latency'],
  'lazy-fsync': ['kill'],
  'no-dedup': ['partition', 'leader-churn', 'latency'],
};

const median = (xs: readonly number[]): number | null => (xs.length === 0 ? null : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
const secs = (ms: number | null): string => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

function options(seed: number, bugList: readonly BugName[], timeLimitMs: number, runNemeses: readonly Nemesis[] = nemeses): FaultlineTestOptions {
  return {
    workload: 'register',
    readMode: 'index',
    bugs: bugList,
    nodes,
    concurrency,
    timeLimitMs,
    rate: 0,
    keys: TEST_DEFAULTS.keys,
    nemeses: runNemeses,
    nemesisIntervalMs: intervalMs,
    seed,
    schedule: null,
    cutMode: 'drop',
    leaveRunning: false,
    store,
  };
}

interface Row {
  readonly bug: string;
  readonly nemeses: readonly Nemesis[];
  readonly found: number[];
  readonly runs: number;
  readonly wall: number[];
}

async function detect(bug: BugName): Promise<Row> {
  const found: number[] = [];
  const wall: number[] = [];
  const runNemeses = aimed ? AIMED[bug] : nemeses;
  for (let seed = 1; seed <= seeds; seed++) {
    const started = performance.now();
    const outcome = await runChaosTest(faultlineTest(options(seed, [bug], LIMIT_MS, runNemeses), ['bench:detect']), { checkEveryMs: 2000 });
    wall.push(performance.now() - started);
    const at = outcome.violation?.foundAtMs ?? (outcome.results.verdict === 'invalid' ? outcome.results.durationMs : null);
    if (at !== null) found.push(at);
    console.log(`  ${bug} seed ${seed}: ${outcome.results.verdict}${at === null ? '' : ` at ${secs(at)}`} (${outcome.results.counts.ops} ops; ${outcome.folder.dir})`);
  }
  return { bug, nemeses: runNemeses, found, runs: seeds, wall };
}

async function main(): Promise<void> {
  console.log(`bench:detect — ${nodes} nodes, register workload, ${concurrency} clients, nemeses ${aimed ? `aimed at each bug (the correct store: ${nemeses.join(',')})` : nemeses.join(',')}, a fault every ${intervalMs / 1000} s, up to 60 s a run; runs in ${store}`);
  const rows: Row[] = [];
  for (const bug of bugs) rows.push(await detect(bug));
  let falseAlarms = 0;
  const correctWall: number[] = [];
  for (let seed = 101; seed < 101 + correctRuns; seed++) {
    const started = performance.now();
    const outcome = await runChaosTest(faultlineTest(options(seed, [], 30_000), ['bench:detect']));
    correctWall.push(performance.now() - started);
    if (outcome.results.verdict !== 'valid') falseAlarms++;
    console.log(`  correct seed ${seed}: ${outcome.results.verdict} (${outcome.results.counts.ops} ops, ${outcome.results.counts.nemesis / 2} faults)`);
  }
  console.log('\n| seeded bug | nemeses | detected | within 60 s | median time to detection | median run wall time |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const short: string[] = [];
  for (const row of rows) {
    const within = row.found.filter((ms) => ms <= LIMIT_MS).length;
    if (within < TARGET_SHARE * row.runs) short.push(row.bug);
    console.log(`| ${row.bug} | ${row.nemeses.length === NEMESIS_NAMES.length ? 'all' : row.nemeses.join(',')} | ${row.found.length}/${row.runs} | ${Math.round((100 * within) / row.runs)} % | ${secs(median(row.found))} | ${secs(median(row.wall))} |`);
  }
  console.log(`\ncorrect store: ${falseAlarms} false alarms in ${correctRuns} runs of 30 s (median wall time ${secs(median(correctWall))})`);
  const met = short.length === 0 && falseAlarms === 0;
  console.log(`target (each bug within 60 s in ≥ ${TARGET_SHARE * 100} % of seeds, no false alarm): ${met ? 'met' : `not met${short.length > 0 ? ` — short: ${short.join(', ')}` : ''}${falseAlarms > 0 ? ` — ${falseAlarms} false alarms` : ''}`}`);
}

await main();
