/**
 * JSON text of values that may hold BigInt (integers past 2^53, read exactly): they
 * are written as the digits they are, as JSON allows, where JSON.stringify would throw.
 */
const MARK = '\u0000\u0001bigint:';
const MARKED = /"\\u0000\\u0001bigint:(-?\d+)"/g;

export function jsonText(value: unknown): string {
  let marked = false;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'bigint') return v;
    marked = true;
    return `${MARK}${v}`;
  });
  return marked ? text.replace(MARKED, '$1') : text;
}
