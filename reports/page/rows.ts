/** The timeline's rows (lanes) and, per row, its ops in call order: all of them, or one key's. */
import type { Ops } from './decode.js';

export interface Row {
  readonly lane: number;
  /** Op indexes, in call order; their intervals do not overlap (lanes.ts). */
  readonly ops: Int32Array;
}

export function buildRows(ops: Ops, laneCount: number, key: number | null): Row[] {
  const counts = new Int32Array(laneCount);
  for (let i = 0; i < ops.count; i++) if (key === null || ops.key[i] === key) counts[ops.lane[i]!]!++;
  const rows = Array.from({ length: laneCount }, (_, lane) => ({ lane, ops: new Int32Array(counts[lane]!) }));
  const fill = new Int32Array(laneCount);
  for (let i = 0; i < ops.count; i++) {
    if (key !== null && ops.key[i] !== key) continue;
    const lane = ops.lane[i]!;
    rows[lane]!.ops[fill[lane]!++] = i;
  }
  return rows.filter((r) => r.ops.length > 0);
}

/** The first position in `row` whose op ends at or after `t` (ends rise with calls within a row). */
export function firstEndingFrom(ops: Ops, row: Int32Array, t: number): number {
  let lo = 0;
  let hi = row.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ops.end[row[mid]!]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The op in `row` under the span [t - slack, t + slack], nearest to t; -1 if none. */
export function opNear(ops: Ops, row: Int32Array, t: number, slack: number): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let p = firstEndingFrom(ops, row, t - slack); p < row.length; p++) {
    const op = row[p]!;
    const call = ops.call[op]!;
    if (call > t + slack) break;
    const distance = t < call ? call - t : t > ops.end[op]! ? t - ops.end[op]! : 0;
    if (distance < bestDistance) {
      best = op;
      bestDistance = distance;
    }
  }
  return best;
}
