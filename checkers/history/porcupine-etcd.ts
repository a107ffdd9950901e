/**
 * Porcupine's Jepsen etcd logs: `INFO  jepsen.util - PROCESS<tab>:TYPE<tab>:F<tab>VALUE`.
 * `:fail :cas` is an observation (the compare did not match), kept as a known cas
 * with output false; an ok cas gets output true. `:fail :read` tells nothing and is dropped.
 */
import { MalformedHistoryError } from './errors.js';
import type { ParsedEvents } from './pair.js';
import type { EventType, HistoryEvent } from './types.js';

const SHAPE = 'expected "INFO jepsen.util - PROCESS :TYPE :F VALUE"';

export function parsePorcupineEtcd(file: string, text: string): ParsedEvents {
  const events: HistoryEvent[] = [];
  const lines: number[] = [];
  const words: string[] = [];
  for (let start = 0, line = 1; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // LEVEL jepsen.util - PROCESS :TYPE :F, then the value: the rest of the line.
    let at = start;
    words.length = 0;
    while (words.length < 6) {
      while (at < end && isSpace(text.charCodeAt(at))) at++;
      if (at >= end) break;
      const from = at;
      while (at < end && !isSpace(text.charCodeAt(at))) at++;
      words.push(text.slice(from, at));
    }
    if (words.length === 0) {
      start = end + 1;
      continue;
    }
    const [, util, dash, processText, typeWord, fWord] = words;
    const typeText = typeWord?.slice(1);
    if (words.length < 6 || util !== 'jepsen.util' || dash !== '-' || !typeWord!.startsWith(':') || !isType(typeText) || !/^:[\w-]+$/.test(fWord!)) {
      throw new MalformedHistoryError(file, line, SHAPE);
    }
    const process = /^\d+$/.test(processText!) ? Number(processText) : processText!.replace(/^:/, '');
    const f = fWord!.slice(1);
    const value = parseValue(file, line, text.slice(at, end).trim());
    const index = events.length;
    let type: EventType = typeText;
    let eventValue: unknown = value;
    let error: string | undefined;
    if (f === 'cas' && (typeText === 'ok' || typeText === 'fail')) {
      type = 'ok';
      eventValue = typeText === 'ok';
    } else if (typeText !== 'invoke' && typeText !== 'ok' && typeof value === 'string') {
      // `:info :write :timed-out`: the keyword is the reason, not a value.
      eventValue = undefined;
      error = value;
    }
    events.push({ index, time: index, type, process, f, key: undefined, value: eventValue, node: undefined, error });
    lines.push(line);
    start = end + 1;
  }
  return { events, lines };
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d;
}

function isType(text: string | undefined): text is EventType {
  return text === 'invoke' || text === 'ok' || text === 'fail' || text === 'info';
}

function parseValue(file: string, line: number, text: string): unknown {
  if (text === 'nil' || text === '') return null;
  if (text.startsWith(':')) return text.slice(1);
  if (/^-?\d+$/.test(text)) return integer(text);
  const pair = /^\[\s*(-?\d+)\s+(-?\d+)\s*\]$/.exec(text);
  if (pair !== null) return [integer(pair[1]!), integer(pair[2]!)];
  throw new MalformedHistoryError(file, line, `expected a value (nil, an integer, [old new] or a keyword), got ${JSON.stringify(text)}`);
}

/** Exact: past 2^53, a BigInt. */
function integer(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}
