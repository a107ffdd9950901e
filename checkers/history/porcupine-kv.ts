/**
 * Porcupine's KV logs (`cNN-{ok,bad}.txt`): one EDN map a line,
 * `{:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}`. Every op has a
 * string key; `get` is invoked with nil and returns the string; `put` and `append`
 * return nothing of their own, so their output is their input.
 */
import { MalformedHistoryError } from './errors.js';
import { ednElements } from './edn.js';
import { KeyKinds, quote, toEvent } from './event-fields.js';
import type { ParsedEvents } from './pair.js';
import type { HistoryEvent, ProcessId } from './types.js';

const KV_FUNCTIONS = ['get', 'put', 'append'];
const SHAPE = '{:process N, :type :invoke|:ok|:fail|:info, :f :get|:put|:append, :key "K", :value …}';

export function parsePorcupineKv(file: string, text: string | Uint8Array): ParsedEvents {
  const invoked = new Map<ProcessId, HistoryEvent>();
  const keys = new KeyKinds(file);
  const elements = ednElements(file, text);
  const events = elements.map(({ value: raw, line }, index): HistoryEvent => {
    const fail = (expected: string): never => {
      throw new MalformedHistoryError(file, line, expected);
    };
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`expected a map ${SHAPE}`);
    const event = toEvent(file, line, raw, index, keys);
    if (!KV_FUNCTIONS.includes(event.f)) fail(`expected :f to be :get, :put or :append, got :${event.f}`);
    if (typeof (raw as Record<string, unknown>).key !== 'string') fail(`expected :key to be a string, in ${SHAPE}`);
    if (event.type === 'invoke') {
      if (event.f === 'get' && event.value !== null) fail(`expected a get to be invoked with :value nil, got ${quote(event.value)}`);
      if (event.f !== 'get' && typeof event.value !== 'string') fail(`expected a ${event.f} to be invoked with a string :value`);
      invoked.set(event.process, event);
      return event;
    }
    const invocation = invoked.get(event.process);
    invoked.delete(event.process);
    if (event.type !== 'ok') return event;
    if (event.f === 'get') {
      if (typeof event.value !== 'string') fail(`expected an ok get to carry the string read, got ${quote(event.value) ?? 'nothing'}`);
      return event;
    }
    // An orphan completion is left for pairing to report.
    return invocation === undefined ? event : { ...event, value: invocation.value };
  });
  return { events, lines: elements.map((e) => e.line) };
}
