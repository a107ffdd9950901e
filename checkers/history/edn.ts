/**
 * Jepsen histories in EDN: a vector or list of op maps, or a stream of them; maps may
 * span lines, `;` starts a comment. Keywords become strings without the colon, nil
 * null, vectors and lists arrays.
 */
import { MalformedHistoryError } from './errors.js';
import { parseEdnForm, splitEdnForms } from './edn-forms.js';
import { toEvent } from './event-fields.js';
import type { SourcedEvent } from './pair.js';
import type { HistoryEvent } from './types.js';

export function parseEdn(file: string, text: string): SourcedEvent[] {
  return splitEdnForms(file, text).map((form, index) => {
    const value = unwrapRecord(parseEdnForm(file, form));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new MalformedHistoryError(file, form.line, `expected an op map like {:process 0, :type :invoke, :f :read, :value nil}, got ${form.text.slice(0, 40)}`);
    }
    return { event: knossosRead(toEvent(file, form.line, normaliseKeys(value), index)), line: form.line };
  });
}

/**
 * Knossos' register models take a read that returned nil as telling nothing about the
 * value (the reference verdicts depend on it), so such a read carries no output.
 */
function knossosRead(event: HistoryEvent): HistoryEvent {
  if (event.type !== 'ok' || event.f !== 'read' || event.value !== null) return event;
  const { value: _unconstrained, ...rest } = event;
  return rest;
}

/** Newer Jepsen writes ops as tagged records (`#jepsen.history.Op{…}`); edn-data gives `{tag, val}`. */
function unwrapRecord(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const fields = value as Record<string, unknown>;
  const keys = Object.keys(fields);
  if (keys.length === 2 && typeof fields.tag === 'string' && typeof fields.val === 'object') return fields.val;
  return value;
}

/** Map keys that are strings in the EDN (`{"process" 0}`) or keep a colon come out as plain names. */
function normaliseKeys(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith(':') ? k.slice(1) : k, v]));
}
