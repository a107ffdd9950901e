/**
 * Jepsen histories in EDN: a vector of op maps or a stream of them, maps may span
 * lines, `;` starts a comment. Keywords become strings without the colon, nil null,
 * vectors and lists arrays. Porcupine's KV logs are this format too, one map a line.
 */
import { EDNListParser } from 'edn-data/dist/parse.js';
import { MalformedHistoryError } from './errors.js';
import { toEvent } from './event-fields.js';
import type { SourcedEvent } from './pair.js';
import type { HistoryEvent } from './types.js';

export function parseEdn(file: string, text: string): SourcedEvent[] {
  const parser = new EDNListParser({
    mapAs: 'object',
    keywordAs: 'string',
    listAs: 'array',
    setAs: 'array',
    charAs: 'string',
    symbolAs: 'string',
  });
  const events: SourcedEvent[] = [];
  const lines = unwrapTopVector(text).split('\n');
  lines.forEach((content, i) => {
    const line = i + 1;
    let values: unknown[];
    try {
      values = parser.next(`${content}\n`);
    } catch (error) {
      throw new MalformedHistoryError(file, line, `expected EDN (${(error as Error).message})`);
    }
    for (const value of values) {
      events.push({ event: knossosRead(toEvent(file, line, normaliseKeys(value), events.length)), line });
    }
  });
  if (parser.stack.length > 0 || parser.state.trim() !== '') {
    throw new MalformedHistoryError(file, lines.length, 'expected the last EDN form to be closed');
  }
  return events;
}

/** Knossos' register models take a read that returned nil as telling nothing about the value. */
function knossosRead(event: HistoryEvent): HistoryEvent {
  if (event.type !== 'ok' || event.f !== 'read' || event.value !== null) return event;
  const { value: _unconstrained, ...rest } = event;
  return rest;
}

/** A top-level vector of maps is read as a stream of maps, so that each map keeps its line. */
function unwrapTopVector(text: string): string {
  const start = firstFormStart(text);
  if (start < 0 || text[start] !== '[') return text;
  const end = text.lastIndexOf(']');
  if (end < start) return text;
  return `${text.slice(0, start)} ${text.slice(start + 1, end)} ${text.slice(end + 1)}`;
}

function firstFormStart(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ';') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return -1;
      i = nl + 1;
    } else if (/\s|,/.test(c)) {
      i++;
    } else {
      return i;
    }
  }
  return -1;
}

/** edn-data keeps the colon on map keys parsed as keywords in some versions; drop it. */
function normaliseKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith(':') ? k.slice(1) : k, v]));
}
