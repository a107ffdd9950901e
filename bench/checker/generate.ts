/**
 * Seeded multi-key register histories for the benchmark: clients run read/write/cas
 * ops on random keys against a linearizable store (each op takes effect at a random
 * point inside its interval), and a share of the ops crash (`info`: they take effect
 * or not, and the client carries on under a new process id). Written as JSONL once,
 * so that both checkers read the same bytes.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface GeneratedShape {
  readonly ops: number;
  readonly keys: number;
  readonly clients: number;
  /** Per million: how many ops crash. */
  readonly crashPpm: number;
  readonly seed: number;
  /** Make the first ok read past the middle return a value never written (an invalid history). */
  readonly readNeverWritten?: boolean;
}

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
  writeEvents(partial, ops, shape.clients);
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
}

function simulate(shape: GeneratedShape): Ops {
  const rng = xoroshiro128plus(shape.seed);
  const int = (from: number, to: number): number => uniformInt(rng, from, to);
  const n = shape.ops;
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
  };
  // Each client runs its ops back to back; times are nanoseconds.
  const clock = Float64Array.from({ length: shape.clients }, () => int(0, 1_000_000));
  for (let i = 0; i < n; i++) {
    const client = i % shape.clients;
    const roll = int(0, 99);
    ops.f[i] = roll < 50 ? F_READ : roll < 80 ? F_WRITE : F_CAS;
    ops.key[i] = int(0, shape.keys - 1);
    ops.a[i] = int(0, VALUES - 1);
    ops.b[i] = int(0, VALUES - 1);
    ops.client[i] = client;
    ops.call[i] = clock[client]! + int(1_000, 500_000);
    ops.at[i] = ops.call[i]! + int(1_000, 2_000_000);
    ops.ret[i] = ops.at[i]! + int(1_000, 2_000_000);
    ops.crashed[i] = int(0, 999_999) < shape.crashPpm ? (int(0, 1) === 0 ? 1 : 2) : 0;
    clock[client] = ops.ret[i]!;
  }
  applyInOrder(ops, shape.keys);
  if (shape.readNeverWritten === true) {
    let i = n >> 1;
    while (i < n && (ops.f[i] !== F_READ || ops.crashed[i] !== 0)) i++;
    if (i < n) ops.result[i] = VALUES + 89;
  }
  return ops;
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

function writeEvents(file: string, ops: Ops, clients: number): void {
  const n = ops.f.length;
  // Event 2i is op i's invocation, 2i+1 its completion.
  const order = Int32Array.from({ length: 2 * n }, (_, e) => e).sort((x, y) => time(ops, x) - time(ops, y));
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
