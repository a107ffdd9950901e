/** Value helpers shared by the models: histories carry plain JSON values. */

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // An absent value and null mean the same thing in every format we read.
    return (a ?? null) === (b ?? null);
  }
  return canonical(a) === canonical(b);
}

/** A string equal for equal JSON values, whatever the key order of objects. */
export function canonical(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (value === null || value === undefined) return 'null';
  if (!hasObject(value)) return JSON.stringify(value) ?? 'null';
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  ) ?? 'null';
}

/** Whether a value holds a non-array object, whose keys canonical() must sort. */
function hasObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (!Array.isArray(value)) return true;
  for (const item of value) if (hasObject(item)) return true;
  return false;
}

/**
 * A memo key for a register's state, one-to-one with its value and cheap for the
 * common ones: a number is itself; a string is itself (no copy: KV values grow long),
 * unless it starts with NUL, when it gets another NUL in front; anything else is NUL
 * and its canonical JSON (which never starts with NUL).
 */
export function valueKey(value: unknown): string | number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.charCodeAt(0) === 0 ? `\u0000${value}` : value;
  return `\u0000${canonical(value ?? null)}`;
}

export function show(value: unknown): string {
  return value === undefined ? '?' : canonical(value);
}

/** The [old, new] pair of a cas, or an error naming what was found. */
export function casPair(input: unknown): readonly [unknown, unknown] {
  if (Array.isArray(input) && input.length === 2) return input as unknown as readonly [unknown, unknown];
  throw new TypeError(`a cas takes [old, new], got ${show(input)}`);
}
