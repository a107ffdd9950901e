/**
 * Porcupine's Jepsen etcd logs: `INFO  jepsen.util - PROCESS<tab>:TYPE<tab>:F<tab>VALUE`.
 * `:fail :cas` is an observation (the compare did not match), kept as a known cas
 * with output false; an ok cas gets output true. `:fail :read` tells nothing and is dropped.
 */
import { MalformedHistoryError } from './errors.js';
import type { SourcedEvent } from './pair.js';
import type { EventType, HistoryEvent } from './types.js';

const LINE = /^\S+\s+jepsen\.util\s+-\s+(\S+)\s+:(invoke|ok|fail|info)\s+:(\w+)\s+(.*?)\s*$/;

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
    let type: EventType = typeText;
    let eventValue: unknown = value;
    if (f === 'cas' && typeText !== 'invoke' && typeText !== 'info') {
      eventValue = typeText === 'ok';
      type = 'ok';
    }
    const event: HistoryEvent = { index: events.length, time: events.length, type, process, f, value: eventValue };
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
