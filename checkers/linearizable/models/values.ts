/** Value helpers shared by the models: histories carry plain JSON values. */

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // An absent value and null mean the same thing in every format we read.
    return (a ?? null) === (b ?? null);
  }
  return canonical(a) === canonical(b);
}

/**
 * A string equal for equal JSON values, whatever the key order of objects: JSON text
 * with sorted keys (integers past 2^53, read as BigInt, written as their digits).
 */
export function canonical(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return String(value);
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return 'null';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let s = '[';
    for (let i = 0; i < value.length; i++) s += `${i === 0 ? '' : ','}${canonical(value[i])}`;
    return `${s}]`;
  }
  const fields = value as Record<string, unknown>;
  let s = '{';
  for (const key of Object.keys(fields).sort()) {
    if (fields[key] === undefined) continue;
    s += `${s.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonical(fields[key])}`;
  }
  return `${s}}`;
}

/** A hash agreeing with sameValue(): values it calls equal hash equally. */
export function hashValue(value: unknown): number {
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? mixInt(value) : hashString(String(value), 1);
  if (typeof value === 'string') return hashString(value, 0);
  if (value === null || value === undefined) return NULL_HASH;
  return hashString(canonical(value), 2);
}

const NULL_HASH = 0x2545f491;

/**
 * A polynomial hash over the characters, by Horner's rule: hashing `t` from the hash of
 * `s` gives the hash of `s + t`, so a string that grows by appends is hashed by parts.
 */
export function hashString(s: string, from: number): number {
  let h = from;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 0x01000193) + s.charCodeAt(i)) | 0;
  return h;
}

function mixInt(x: number): number {
  const h = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

export function show(value: unknown): string {
  return value === undefined ? '?' : canonical(value);
}

/** The [old, new] pair of a cas, or an error naming what was found. */
export function casPair(input: unknown): readonly [unknown, unknown] {
  if (Array.isArray(input) && input.length === 2) return input as unknown as readonly [unknown, unknown];
  throw new TypeError(`a cas takes [old, new], got ${show(input)}`);
}
