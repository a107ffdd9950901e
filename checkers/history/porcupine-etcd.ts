/**
 * Porcupine's Jepsen etcd logs: `INFO  jepsen.util - PROCESS<tab>:TYPE<tab>:F<tab>VALUE`.
 * `:fail :cas` is an observation (the compare did not match), kept as a known cas
 * with output false; an ok cas gets output true. `:fail :read` tells nothing and is dropped.
 */
import { MalformedHistoryError } from './errors.js';
import type { SourcedEvent } from './pair.js';
import type { EventType, HistoryEvent } from './types.js';

const LINE = /^\S+\s+jepsen\.util\s+-\s+(\S+)\s+:(invoke|ok|fail|info)\s+:([\w-]+)\s+(.*?)\s*$/;

export function parsePorcupineEtcd(file: string, text: string): SourcedEvent[] {
  const events: SourcedEvent[] = [];
  text.split('\n').forEach((content, i) => {
    const line = i + 1;
    if (content.trim() === '') return;
    const match = LINE.exec(content);
    if (match === null) {
      throw new MalformedHistoryError(file, line, 'expected "INFO jepsen.util - PROCESS :TYPE :F VALUE"');
    }
    const [, processText, typeText, f, valueText] = match as unknown as [string, string, EventType, string, string];
    const process = /^\d+$/.test(processText) ? Number(processText) : processText.replace(/^:/, '');
    const value = parseValue(file, line, valueText);
    const base = { index: events.length, time: events.length, process, f };
    let event: HistoryEvent;
    if (f === 'cas' && (typeText === 'ok' || typeText === 'fail')) {
      event = { ...base, type: 'ok', value: typeText === 'ok' };
    } else if (typeText !== 'invoke' && typeText !== 'ok' && typeof value === 'string') {
      // `:info :write :timed-out`: the keyword is the reason, not a value.
      event = { ...base, type: typeText, error: value };
    } else {
      event = { ...base, type: typeText, value };
    }
    events.push({ event, line });
  });
  return events;
}

function parseValue(file: string, line: number, text: string): unknown {
  if (text === 'nil' || text === '') return null;
  if (text.startsWith(':')) return text.slice(1);
  if (/^-?\d+$/.test(text)) return Number(text);
  const pair = /^\[\s*(-?\d+)\s+(-?\d+)\s*\]$/.exec(text);
  if (pair !== null) return [Number(pair[1]), Number(pair[2])];
  throw new MalformedHistoryError(file, line, `expected a value (nil, an integer, [old new] or a keyword), got ${JSON.stringify(text)}`);
}
