import { readFileSync } from 'node:fs';
import type { JsonClient } from './http.js';
/** What the benchmark needs of a system under test: three members it can write to, read from, kill and restart. */
export interface BenchSystem {
  readonly name: string;
  /** Client URLs of the members, by index. */
  readonly urls: readonly string[];
  /** The HTTP status (0: no answer). */
  put(url: string, key: string, value: string, timeoutMs: number): Promise<number>;
  /** A linearizable read; the HTTP status (0: no answer). */
  get(url: string, key: string, timeoutMs: number): Promise<number>;
  /** Leader changes the members have seen so far (summed over the running members). */
  leaderChanges(): Promise<number>;
  /** The index of the current leader, once the members agree on one. */
  leader(): Promise<number>;
  kill(member: number): Promise<void>;
  /** Restarts a killed member and waits until all members agree on a leader again. */
  restart(member: number): Promise<void>;
  stop(): Promise<void>;
  /** PIDs of the running members (for CPU accounting). */
  pids(): number[];
}

/** User plus system CPU seconds a process has used so far (Linux /proc). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every common build. */
const CLOCK_TICKS = 100;

export async function until<T>(probe: () => Promise<T | null>, timeoutMs: number, what: string): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (performance.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sums a Prometheus counter over the members' /metrics pages. */
export async function sumMetric(client: JsonClient, urls: readonly string[], name: string): Promise<number> {
  let total = 0;
  for (const url of urls) {
    const reply = await client.call('GET', `${url}/metrics`, undefined, 2000);
    const match = typeof reply.body === 'string' ? new RegExp(`^${name} (\\S+)$`, 'm').exec(reply.body) : null;
    total += match === null ? 0 : Number(match[1]);
  }
  return total;
}
