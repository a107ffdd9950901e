/** The model registry: workers rebuild a model from its plain-data spec. */
import type { Model } from '../model.js';
import { kvModel } from './kv.js';
import { multiRegisterModel } from './multi-register.js';
import { mutexModel } from './mutex.js';
import { registerModel } from './register.js';
import { setModel } from './set.js';

export const MODEL_NAMES = ['register', 'cas-register', 'multi-register', 'mutex', 'set', 'kv'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface ModelSpec {
  readonly name: ModelName;
  /** The state before any op (default: null; multi-register {}; set []). */
  readonly initial?: unknown;
}

export function isModelName(name: string): name is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(name);
}

export function createModel(spec: ModelSpec): Model<unknown> {
  const initial = spec.initial === undefined ? null : spec.initial;
  switch (spec.name) {
    case 'register':
      return registerModel(initial, false);
    case 'cas-register':
      return registerModel(initial, true);
    case 'kv':
      return kvModel(initial) as Model<unknown>;
    case 'multi-register':
      return multiRegisterModel(spec.initial) as Model<unknown>;
    case 'mutex':
      return mutexModel() as Model<unknown>;
    case 'set':
      return setModel(spec.initial) as Model<unknown>;
  }
}
