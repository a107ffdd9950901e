/**
 * Seeded register histories for the benchmark, written as JSONL once so that both
 * checkers read the same bytes. Clients run read/write/cas ops against a linearizable
 * store (each op takes effect at a random point inside its interval); a share of the
 * ops crash (`info`: they take effect or not, and the client carries on under a new
 * process id). Two layouts:
 *
 * - `shared`: every client picks a random key for each op (one key: a long
 *   single-key history);
 * - `per-key`: each key has its own clients, as Jepsen's independent generator
 *   gives them, and the keys run side by side; key k's first op is the k-th of all,
 *   so the partitions come in key order.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface GeneratedShape {
  /** Default `shared`. */
  readonly layout?: 'shared' | 'per-key';
  /** Ops in all (shared), or per key (per-key). */
  readonly ops: number;
  readonly keys: number;
  /** Clients in all (shared), or per key (per-key). */
  readonly clients: number;
  /** Per million: how many ops crash. */
  readonly crashPpm: number;
  /** Percentages of reads and writes (default 50 and 30); the rest are cas. */
  readonly readPct?: number;
  readonly writePct?: number;
  /**
   * An op's call-to-effect and effect-to-return times, and a client's pause between
   * ops, in µs (uniform from 1 to this; default 2,000 and 500).
   */
  readonly halfOpUs?: number;
  readonly thinkUs?: number;
  readonly seed: number;
  /**
   * Make one ok read return a value never written (an invalid history): the first past
   * the middle of the history (`true` or 'middle'), or, per key, past the middle of
   * that key's ops (`false`: none).
   */
  readonly readNeverWritten?: { readonly key: number } | 'middle' | boolean;
}

const DEFAULTS = { layout: 'shared', readPct: 50, writePct: 30, halfOpUs: 2000, thinkUs: 500 } as const;

const F_READ = 0;
const F_WRITE = 1;
const F_CAS = 2;
const VALUES = 10;

/** Writes the history to `file` unless it is there already; returns the file. */
export function generateHistory(file: string, shape: GeneratedShape): string {
  if (existsSync(file)) return file;
  mkdirSync(dirname(file), { recursive: true });
  const ops = simulate(shape);
  const partial = `${file}.partial`;
  writeEvents(partial, ops);
  renameSync(partial, file);
  return file;
}

interface Ops {
  readonly f: Uint8Array;
  readonly key: Int32Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly client: Int32Array;
  readonly call: Float64Array;
  readonly at: Float64Array;
  readonly ret: Float64Array;
  readonly crashed: Uint8Array;
  /** What a read saw (-1: nothing written yet); for a cas, 1 if it took effect. */
  readonly result: Int32Array;
  readonly clients: number;
}

function simulate(given: GeneratedShape): Ops {
  const shape = { ...DEFAULTS, ...given };
  const rng = xoroshiro128plus(shape.seed);
  const int = (from: number, to: number): number => uniformInt(rng, from, to);
  const perKey = shape.layout === 'per-key';
  const n = perKey ? shape.ops * shape.keys : shape.ops;
  const clients = perKey ? shape.clients * shape.keys : shape.clients;
  const ops: Ops = {
    f: new Uint8Array(n),
    key: new Int32Array(n),
    a: new Int32Array(n),
    b: new Int32Array(n),
    client: new Int32Array(n),
    call: new Float64Array(n),
    at: new Float64Array(n),
    ret: new Float64Array(n),
    crashed: new Uint8Array(n),
    result: new Int32Array(n),
    clients,
  };
  // Each client runs its ops back to back; times are nanoseconds. Per key, key k's
  // clients start after key k-1's first op.
  const clock = Float64Array.from({ length: clients }, (_, c) => (perKey ? Math.floor(c / shape.clients) * 1_000 + (c % shape.clients) : int(0, 1_000_000)));
  const half = shape.halfOpUs * 1000;
  for (let i = 0; i < n; i++) {
    const client = perKey ? (i % shape.keys) * shape.clients + (Math.floor(i / shape.keys) % shape.clients) : i % shape.clients;
    // Per key, each key's first op is an ok read at its start: the partitions come in key order.
    const first = perKey && i < shape.keys;
    const roll = int(0, 99);
    ops.f[i] = first || roll < shape.readPct ? F_READ : roll < shape.readPct + shape.writePct ? F_WRITE : F_CAS;
    ops.key[i] = perKey ? Math.floor(client / shape.clients) : int(0, shape.keys - 1);
    ops.a[i] = int(0, VALUES - 1);
    ops.b[i] = int(0, VALUES - 1);
    ops.client[i] = client;
    ops.call[i] = clock[client]! + (first ? 0 : int(1_000, shape.thinkUs * 1000));
    ops.at[i] = ops.call[i]! + int(1_000, half);
    ops.ret[i] = ops.at[i]! + int(1_000, half);
    const crash = int(0, 999_999) < shape.crashPpm ? (int(0, 1) === 0 ? 1 : 2) : 0;
    ops.crashed[i] = first ? 0 : crash;
    clock[client] = ops.ret[i]!;
  }
  applyInOrder(ops, shape.keys);
  const broken = shape.readNeverWritten ?? false;
  if (broken !== false) breakOneRead(ops, broken === true ? 'middle' : broken);
  return ops;
}

/** An ok read past the middle (of the history, or of one key's ops) returns a value never written. */
function breakOneRead(ops: Ops, where: { readonly key: number } | 'middle'): void {
  const n = ops.f.length;
  const inScope = (i: number): boolean => where === 'middle' || ops.key[i] === where.key;
  let scoped = 0;
  for (let i = 0; i < n; i++) if (inScope(i)) scoped++;
  for (let i = 0, seen = 0; i < n; i++) {
    if (!inScope(i)) continue;
    if (++seen > scoped / 2 && ops.f[i] === F_READ && ops.crashed[i] === 0) {
      ops.result[i] = VALUES + 89;
      return;
    }
  }
}

/** Runs the ops against one register per key in the order they take effect. */
function applyInOrder(ops: Ops, keys: number): void {
  const order = Int32Array.from(ops.at.keys()).sort((x, y) => ops.at[x]! - ops.at[y]!);
  const value = new Int32Array(keys).fill(-1);
  for (const i of order) {
    // A crashed op marked 2 never took effect.
    if (ops.crashed[i] === 2) continue;
    const k = ops.key[i]!;
    if (ops.f[i] === F_READ) ops.result[i] = value[k]!;
    else if (ops.f[i] === F_WRITE) value[k] = ops.a[i]!;
    else if (value[k] === ops.a[i]) {
      value[k] = ops.b[i]!;
      ops.result[i] = 1;
    }
  }
}

function writeEvents(file: string, ops: Ops): void {
  const n = ops.f.length;
  const clients = ops.clients;
  // Event 2i is op i's invocation, 2i+1 its completion.
  const order = Int32Array.from({ length: 2 * n }, (_, e) => e).sort((x, y) => time(ops, x) - time(ops, y) || x - y);
  const process = Int32Array.from({ length: clients }, (_, c) => c);
  const processOf = new Int32Array(n);
  const fd = openSync(file, 'w');
  let chunk: string[] = [];
  order.forEach((event, index) => {
    const i = event >> 1;
    if ((event & 1) === 0) processOf[i] = process[ops.client[i]!]!;
    chunk.push(eventLine(ops, i, (event & 1) === 1, index, processOf[i]!));
    // A client whose op crashed carries on as a new process (Jepsen's rule).
    if ((event & 1) === 1 && ops.crashed[i] !== 0) process[ops.client[i]!]! += clients;
    if (chunk.length === 10_000) {
      writeSync(fd, chunk.join(''));
      chunk = [];
    }
  });
  writeSync(fd, chunk.join(''));
  closeSync(fd);
}

function time(ops: Ops, event: number): number {
  return (event & 1) === 0 ? ops.call[event >> 1]! : ops.ret[event >> 1]!;
}

const F_NAMES = ['read', 'write', 'cas'];

function eventLine(ops: Ops, i: number, completion: boolean, index: number, process: number): string {
  const f = ops.f[i]!;
  let type = 'invoke';
  let value: unknown = f === F_READ ? null : f === F_WRITE ? ops.a[i] : [ops.a[i], ops.b[i]];
  if (completion) {
    if (ops.crashed[i] !== 0) type = 'info';
    else if (f === F_CAS && ops.result[i] !== 1) type = 'fail';
    else type = 'ok';
    if (type === 'ok' && f === F_READ) value = ops.result[i]! < 0 ? null : ops.result[i];
  }
  const event = { index, time: time(ops, 2 * i + (completion ? 1 : 0)), type, process, f: F_NAMES[f], key: `k${ops.key[i]}`, value };
  return `${JSON.stringify(event)}\n`;
}
