import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryWriter, historyToJsonl, parseJsonl, writeHistory } from './jsonl.js';
import { readHistory } from './read.js';
import { malformed, tempDir } from './test-support/files.js';
import type { HistoryEvent } from './types.js';

const tmp = tempDir('jsonl');

const events: HistoryEvent[] = [
  { index: 0, time: 10, type: 'invoke', process: 0, f: 'cas', key: 'k1', value: [1, 2] },
  { index: 1, time: 15, type: 'invoke', process: 1, f: 'read', key: 'k1', value: null },
  { index: 2, time: 20, type: 'info', process: 'nemesis', f: 'partition', value: { n1: ['n2', 'n3'] } },
  { index: 3, time: 30, type: 'ok', process: 0, f: 'cas', key: 'k1', value: [1, 2], node: 'n2' },
  { index: 4, time: 40, type: 'info', process: 1, f: 'read', key: 'k1', error: 'timeout' },
  { index: 5, time: 50, type: 'invoke', process: 2, f: 'write', key: 'k2', value: 'x' },
  { index: 6, time: 60, type: 'fail', process: 2, f: 'write', key: 'k2', value: 'x', error: 'not-leader' },
];

describe('JSONL history', () => {
  it('round-trips every field through writeHistory and readHistory', () => {
    const file = join(tmp, 'round.jsonl');
    writeHistory(file, events);
    const history = readHistory(file);
    expect(history.format).toBe('jsonl');
    expect(history.events).toEqual(events);
    expect(history.warnings).toEqual([]);
    expect(historyToJsonl(history.events)).toBe(readFileSync(file, 'utf8'));
  });

  it('pairs under Jepsen semantics: info unknown, fail gone, nemesis skipped', () => {
    const file = join(tmp, 'pairs.jsonl');
    writeHistory(file, events);
    const { operations } = readHistory(file);
    expect(operations).toEqual([
      { id: 0, process: 0, f: 'cas', key: 'k1', input: [1, 2], output: [1, 2], known: true, call: 0, ret: 3, invokeIndex: 0, completeIndex: 3 },
      { id: 1, process: 1, f: 'read', key: 'k1', input: null, output: undefined, known: false, call: 1, ret: Infinity, invokeIndex: 1, completeIndex: null },
    ]);
  });

  it('the writer puts each event on disk as it is appended, numbered from 0', () => {
    const file = join(tmp, 'writer.jsonl');
    const writer = new HistoryWriter(file);
    writer.append({ time: 1, type: 'invoke', process: 0, f: 'write', key: 'a', value: 1 });
    // Read before close: a harness that dies here still leaves this event.
    expect(readFileSync(file, 'utf8')).toBe('{"index":0,"time":1,"type":"invoke","process":0,"f":"write","key":"a","value":1}\n');
    const second = writer.append({ index: 99, time: 2, type: 'ok', process: 0, f: 'write', key: 'a', value: 1 } as HistoryEvent);
    expect(second.index).toBe(1);
    expect(writer.length).toBe(2);
    writer.close();
    writer.close();
    expect(() => writer.append({ time: 3, type: 'invoke', process: 1, f: 'read', value: null })).toThrow(/closed/);
    expect(readHistory(file).operations).toHaveLength(1);
  });

  it('a new writer replaces an old history', () => {
    const file = join(tmp, 'again.jsonl');
    writeHistory(file, events);
    const writer = new HistoryWriter(file);
    writer.append({ time: 1, type: 'invoke', process: 0, f: 'read', value: null });
    writer.close();
    expect(parseJsonl(file, readFileSync(file, 'utf8')).events).toHaveLength(1);
  });

  it('leaves out, with a warning, a last event cut off mid-write; its op stays unknown', () => {
    const file = join(tmp, 'cut.jsonl');
    writeHistory(file, events.slice(0, 3));
    appendFileSync(file, '{"index":3,"time":30,"type":"ok","proc');
    const history = readHistory(file);
    expect(history.events).toHaveLength(3);
    expect(history.warnings).toEqual([`${file}:4: left out an incomplete last event (the recorder stopped while writing it)`]);
    expect(history.operations.map((o) => o.known)).toEqual([false, false]);
  });

  it('skips blank lines but keeps real line numbers in errors', () => {
    const e = malformed(tmp, 'blank.jsonl', '\n{"time":0,"type":"invoke","process":0,"f":"read"}\n\n{"time":1,"type":"okay","process":0,"f":"read"}\n');
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/blank\.jsonl:4: expected "type" to be one of invoke, ok, fail, info, got "okay"/);
  });
});

describe('malformed JSONL', () => {
  it('a line that is not JSON', () => {
    const e = malformed(tmp, 'notjson.jsonl', '{"time":0,"type":"invoke","process":0,"f":"read"}\n{oops\n');
    expect(e.message).toMatch(/notjson\.jsonl:2: expected one JSON object per line/);
  });

  it('a JSON value that is not an object', () => {
    expect(malformed(tmp, 'array.jsonl', '[1,2]\n').message).toMatch(/array\.jsonl:1: expected an event object/);
  });

  it('a process that is neither an integer nor a name', () => {
    expect(malformed(tmp, 'proc.jsonl', '{"time":0,"type":"invoke","process":1.5,"f":"read"}\n').message).toMatch(
      /proc\.jsonl:1: expected "process" to be an integer or a name, got 1\.5/,
    );
  });

  it('a missing f', () => {
    expect(malformed(tmp, 'nof.jsonl', '{"time":0,"type":"invoke","process":0}\n').message).toMatch(/nof\.jsonl:1: expected "f" to be a string, got nothing/);
  });

  it('a time that is not a number', () => {
    expect(malformed(tmp, 'time.jsonl', '{"time":"noon","type":"invoke","process":0,"f":"read"}\n').message).toMatch(
      /time\.jsonl:1: expected "time" to be a number/,
    );
  });

  it('an empty file', () => {
    expect(malformed(tmp, 'empty.jsonl', '\n\n').message).toMatch(/empty\.jsonl: expected at least one event, found none/);
  });
});
