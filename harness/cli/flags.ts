/** Flag values, each parsed or refused in one line (exit 254). */
import { UserError } from './exit-codes.js';

export function wholeNumber(name: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UserError(`--${name} takes a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}, got "${text}"`);
  }
  return n;
}

export function positiveSeconds(name: string, text: string): number {
  const s = Number(text);
  if (!Number.isFinite(s) || s <= 0) throw new UserError(`--${name} takes a positive number of seconds, got "${text}"`);
  return s;
}

export function nonNegativeNumber(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UserError(`--${name} takes a number ≥ 0, got "${text}"`);
  return n;
}

export function oneOf<T extends string>(name: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) throw new UserError(`--${name} takes one of ${choices.join(', ')}, got "${text}"`);
  return text as T;
}
