/**
 * Jepsen histories in EDN: a vector or list of op maps, or a stream of them; maps may
 * span lines, `;` starts a comment. Keywords become strings without the colon, nil
 * null, vectors and lists arrays.
 */
import { readEdnElements, type EdnElement } from './edn-fast.js';
import { parseEdnForm, splitEdnForms } from './edn-forms.js';
import { MalformedHistoryError } from './errors.js';
import { KeyKinds, quote, toEvent } from './event-fields.js';
import type { ParsedEvents } from './pair.js';
import type { HistoryEvent } from './types.js';

export function parseEdn(file: string, text: string | Uint8Array): ParsedEvents {
  const keys = new KeyKinds(file);
  const elements = ednElements(file, text);
  const events = elements.map(({ value: form, line }, index) => {
    const value = unwrapRecord(form);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new MalformedHistoryError(file, line, `expected an op map like {:process 0, :type :invoke, :f :read, :value nil}, got ${quote(value).slice(0, 40)}`);
    }
    return knossosRead(toEvent(file, line, normaliseKeys(value), index, keys));
  });
  return { events, lines: elements.map((e) => e.line) };
}

/**
 * The top-level forms of an EDN file (the elements of a file that is one vector or
 * list): by the fast reader, or by edn-data when the file holds what only edn-data
 * reads (or is malformed: then its errors name the line).
 */
export function ednElements(file: string, text: string | Uint8Array): EdnElement[] {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const fast = readEdnElements(bytes);
  if (fast !== null) return fast;
  const source = typeof text === 'string' ? text : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return splitEdnForms(file, source).map((form) => {
    if (LONG_INTEGER.test(form.text)) refuseRounded(file, form.line, parseEdnForm(file, form));
    return { value: parseEdnForm(file, form), line: form.line };
  });
}

const LONG_INTEGER = /\d{16}/;

/** edn-data rounds integers past 2^53: refuse rather than check rounded values. */
function refuseRounded(file: string, line: number, value: unknown): void {
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new MalformedHistoryError(file, line, `expected integers within ±2^53 (9007199254740991) in this EDN, got ${value} (rounded when read)`);
  }
  if (value !== null && typeof value === 'object') for (const item of Object.values(value)) refuseRounded(file, line, item);
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

/** Map keys that are strings in the EDN (`{":process" 0}`) and keep a colon come out as plain names. */
function normaliseKeys(value: object): Record<string, unknown> {
  const keys = Object.keys(value);
  if (!keys.some((k) => k.startsWith(':'))) return value as Record<string, unknown>;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith(':') ? k.slice(1) : k, v]));
}
