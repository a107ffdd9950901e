/**
 * npm run bench:kv — the reference store against etcd 3.4 on the same machine, in the
 * same run: 3 members on loopback, fsync on, 16-byte keys and 256-byte values; writes
 * and linearizable reads at 1, 16 and 64 closed-loop clients; failover after a SIGKILL
 * of the leader. Prints figures and ratios (ours/etcd); asserts nothing.
 *   BENCH_SECONDS (default 5) per phase, BENCH_FAILOVERS (default 10) trials, ETCD (default etcd).
 */
import { cpus, loadavg } from 'node:os';
import Table from 'cli-table3';
import { startEtcd } from './kv/etcd.js';
import { JsonClient } from './kv/http.js';
import { failoverMs, runLoad, type LoadFigures } from './kv/load.js';
import { startOurs } from './kv/ours.js';
import type { BenchSystem } from './kv/system.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const FAILOVERS = Number(process.env.BENCH_FAILOVERS ?? 10);
const CONCURRENCY = [1, 16, 64];

interface Figures {
  readonly load: Map<string, LoadFigures>;
  readonly failovers: number[];
}

/**
 * Both clusters run side by side and take turns, phase by phase (the first to go
 * alternates), so that both see the same machine: on a shared machine the load drifts.
 */
async function measureBoth(systems: readonly BenchSystem[]): Promise<Figures[]> {
  const figures: Figures[] = systems.map(() => ({ load: new Map(), failovers: [] }));
  let turn = 0;
  const inTurn = async (run: (system: BenchSystem, figures: Figures) => Promise<void>): Promise<void> => {
    const order = turn++ % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) await run(systems[i]!, figures[i]!);
    process.stdout.write('.');
  };
  for (const clients of CONCURRENCY) {
    for (const kind of ['write', 'read'] as const) {
      await inTurn(async (system, f) => void f.load.set(`${kind} ${clients}`, await runLoad(system, kind, clients, SECONDS)));
    }
  }
  for (let i = 0; i < FAILOVERS; i++) await inTurn(async (system, f) => void f.failovers.push(await failoverMs(system)));
  process.stdout.write('\n');
  return figures;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');
const ratio = (a: number, b: number): string => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '—');

const client = new JsonClient(128);
const systems: BenchSystem[] = [];
let ours: Figures;
let etcd: Figures;
try {
  systems.push(await startOurs(client), await startEtcd(client));
  [ours, etcd] = (await measureBoth(systems)) as [Figures, Figures];
} finally {
  for (const system of systems) await system.stop();
  client.close();
}

const table = new Table({ head: ['load', 'figure', 'faultline', 'etcd 3.4', 'ours/etcd'] });
for (const [phase, mine] of ours.load) {
  const theirs = etcd.load.get(phase)!;
  const [kind, clients] = phase.split(' ');
  const label = `${kind}s, ${clients} client${clients === '1' ? '' : 's'}`;
  table.push([label, `${kind}s/s`, fmt(mine.opsPerSecond), fmt(theirs.opsPerSecond), ratio(mine.opsPerSecond, theirs.opsPerSecond)]);
  table.push(['', 'p50 ms', fmt(mine.p50Ms, 2), fmt(theirs.p50Ms, 2), ratio(mine.p50Ms, theirs.p50Ms)]);
  table.push(['', 'p99 ms', fmt(mine.p99Ms, 2), fmt(theirs.p99Ms, 2), ratio(mine.p99Ms, theirs.p99Ms)]);
  table.push(['', 'CPU µs per op (3 members)', fmt(mine.cpuMicrosPerOp), fmt(theirs.cpuMicrosPerOp), ratio(mine.cpuMicrosPerOp, theirs.cpuMicrosPerOp)]);
  const errors = (f: LoadFigures): string => [...f.errors].map(([status, n]) => `${n}× ${status === 0 ? 'no answer' : status}`).join(', ') || '0';
  if (mine.errors.size + theirs.errors.size > 0) table.push(['', 'errors', errors(mine), errors(theirs), '']);
  if (mine.leaderChanges + theirs.leaderChanges > 0) table.push(['', 'leader changes seen', String(mine.leaderChanges), String(theirs.leaderChanges), '']);
}
const [fo, fe] = [median(ours.failovers), median(etcd.failovers)];
table.push([`failover (median of ${FAILOVERS})`, 'ms until a write succeeds', fmt(fo), fmt(fe), ratio(fo, fe)]);
console.log(table.toString());
console.log(`failover trials, ms — faultline: ${ours.failovers.map((x) => fmt(x)).join(' ')}; etcd: ${etcd.failovers.map((x) => fmt(x)).join(' ')}`);
console.log(
  `${SECONDS} s per phase, the two clusters side by side taking turns; closed-loop clients spread over the 3 members; ` +
    `faultline election timeout 100–200 ms, etcd's default 1000 ms. Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores.`,
);
