/** Closed-loop load: N clients, each issuing one request at a time for a fixed time, spread over the members. */
import { cpuSeconds, type BenchSystem } from './system.js';

export interface LoadFigures {
  readonly opsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Failed requests by HTTP status (0: no answer within 5 s). */
  readonly errors: ReadonlyMap<number, number>;
  /** Leader changes the members saw during the phase. */
  readonly leaderChanges: number;
  /** CPU time all members used per successful op (user + system), in microseconds. */
  readonly cpuMicrosPerOp: number;
}

export const KEY_COUNT = 10_000;
/** 16-byte keys. */
export const keyOf = (i: number): string => `key-${i.toString().padStart(12, '0')}`;
/** 256-byte values. */
export const VALUE = 'v'.repeat(256);

export async function runLoad(system: BenchSystem, kind: 'write' | 'read', clients: number, seconds: number): Promise<LoadFigures> {
  const latencies: number[] = [];
  const errors = new Map<number, number>();
  const pids = system.pids();
  const changesBefore = await system.leaderChanges();
  const cpuBefore = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const url = system.urls[c % system.urls.length]!;
      for (let i = c; performance.now() < end; i += clients) {
        const key = keyOf((i * 7919) % KEY_COUNT);
        const t = performance.now();
        const status = kind === 'write' ? await system.put(url, key, VALUE, 5000) : await system.get(url, key, 5000);
        if (status === 200) latencies.push(performance.now() - t);
        else errors.set(status, (errors.get(status) ?? 0) + 1);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  const leaderChanges = (await system.leaderChanges()) - changesBefore;
  return { opsPerSecond: latencies.length / elapsed, p50Ms: at(0.5), p99Ms: at(0.99), errors, leaderChanges, cpuMicrosPerOp: (cpu * 1e6) / latencies.length };
}

/** Time from a SIGKILL of the leader until a write to a surviving member succeeds. */
export async function failoverMs(system: BenchSystem): Promise<number> {
  const leader = await system.leader();
  const survivors = system.urls.filter((_, i) => i !== leader);
  const killed = performance.now();
  await system.kill(leader);
  for (let attempt = 0; ; attempt++) {
    if ((await system.put(survivors[attempt % survivors.length]!, keyOf(attempt % KEY_COUNT), VALUE, 250)) === 200) break;
  }
  const ms = performance.now() - killed;
  await system.restart(leader);
  return ms;
}
