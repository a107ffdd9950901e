/** The shapes of problem every model reports from `validate` (model.ts). */
import type { Operation } from '../../history/types.js';
import type { OpProblem } from '../model.js';
import { show } from './values.js';

export function noSuchOp(model: string, op: Operation): OpProblem {
  return { at: 'invoke', message: `expected an op the ${model} model has, got "${op.f}"` };
}

export function badInput(what: string, op: Operation): OpProblem {
  return { at: 'invoke', message: `expected ${what}, got ${show(op.input)}` };
}

export function badOutput(what: string, op: Operation): OpProblem {
  return { at: 'complete', message: `expected ${what}, got ${show(op.output)}` };
}

export function isPair(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2;
}
