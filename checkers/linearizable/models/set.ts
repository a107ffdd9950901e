/** A grow-only set per key: `add` an element, `read` all elements (in any order). */
import type { Operation } from '../../history/types.js';
import type { Model } from '../model.js';
import { badOutput, noSuchOp } from './problems.js';
import { partitionByKey } from './kv.js';
import { canonical, hashString, show } from './values.js';

type Elements = readonly string[];

export function setModel(initial: unknown): Model<Elements> {
  const start = Array.isArray(initial) ? normalise(initial) : [];
  return {
    name: 'set',
    init: () => start,
    step: (elements: Elements, op: Operation) => {
      if (op.f === 'add') {
        const element = canonical(op.input);
        return elements.includes(element) ? elements : normalise([...elements, element], true);
      }
      if (op.f === 'read') {
        if (!op.known) return elements;
        if (!Array.isArray(op.output)) return undefined;
        return canonical(normalise(op.output)) === canonical(elements) ? elements : undefined;
      }
      return undefined;
    },
    readOnly: (op) => op.f === 'read',
    hash: (elements) => hashString(elements.join('\u0000'), 0),
    equal: (a, b) => a === b || (a.length === b.length && a.every((element, i) => element === b[i])),
    // One set per key (ops without a key all share the one set).
    partition: partitionByKey,
    describeOperation: (op) => (op.f === 'add' ? `add ${show(op.input)}` : `read → ${op.known ? show(op.output) : '?'}`),
    describeState: (elements) => `{${elements.join(', ')}}`,
    operations: 'add VALUE, read → [VALUE, …]; one set per key',
    validate: (op) => {
      if (op.f === 'add') return undefined;
      if (op.f !== 'read') return noSuchOp('set', op);
      return !op.known || op.output === undefined || Array.isArray(op.output) ? undefined : badOutput('a read to return a list', op);
    },
  };
}

function normalise(values: readonly unknown[], alreadyCanonical = false): Elements {
  const strings = alreadyCanonical ? (values as string[]) : values.map((v) => canonical(v));
  return [...new Set(strings)].sort();
}
