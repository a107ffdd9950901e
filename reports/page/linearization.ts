/** Placing an order's linearization points on a drawing. */

/** Where each op of an order takes effect, in slot units: the earliest points that keep the order, ties spread within their gap. */
export function linearizationPoints(calls: readonly number[], rets: readonly number[]): number[] {
  const points: number[] = [];
  let previous = -Infinity;
  for (const call of calls) {
    previous = Math.max(call, previous);
    points.push(previous);
  }
  for (let i = 0; i < points.length; ) {
    let j = i;
    while (j < points.length && points[j] === points[i]) j++;
    const m = j - i;
    for (let k = i; k < j; k++) points[k] = Math.min(points[k]! + (k - i + 1) / (m + 1), rets[k]! - 0.1);
    i = j;
  }
  return points;
}
