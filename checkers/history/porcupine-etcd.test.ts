import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFile, describeWithCorpus, fixture } from '../test-support/corpus.js';
import { parseHistory, readHistory, type History } from './read.js';
import { malformed, tempDir } from './test-support/files.js';

const tmp = tempDir('etcd');
const line = (process: number | string, type: string, f: string, value: string) => `INFO  jepsen.util - ${process}\t:${type}\t:${f}\t${value}`;

describe('a Porcupine etcd log (fixture)', () => {
  const history = readHistory(fixture('porcupine-etcd/etcd-ok.log'));

  it('reads every line as an event, the nemesis by its name, and pairs the client ops', () => {
    expect(history.format).toBe('porcupine-etcd');
    expect(history.events).toHaveLength(15);
    expect(history.events[6]).toMatchObject({ process: 'nemesis', type: 'info', f: 'start', value: null });
    expect(history.operations.map((o) => [o.process, o.f, o.known])).toEqual([
      [0, 'read', true],
      [1, 'write', true],
      [2, 'cas', true],
      [0, 'cas', true],
      [3, 'write', false],
      [1, 'read', true],
    ]);
  });

  it('keeps an ok cas as output true, a failed cas as output false, and drops a failed read', () => {
    expect(history.operations.filter((o) => o.f === 'cas').map((o) => [o.input, o.output])).toEqual([
      [[3, 1], true],
      [[0, 4], false],
    ]);
    expect(history.operations.some((o) => o.invokeIndex === 11)).toBe(false);
  });

  it('reads a timed-out write as unknown, the keyword as its error', () => {
    expect(history.events[10]).toEqual({ index: 10, time: 10, type: 'info', process: 3, f: 'write', error: 'timed-out' });
  });
});

describeWithCorpus('Porcupine etcd logs', () => {
  let history: History;
  beforeAll(() => {
    history = readHistory(corpusFile('porcupine/etcd/etcd_000.log'));
  });

  it('reads every line as an event and pairs 85 ops', () => {
    expect(history.format).toBe('porcupine-etcd');
    expect(history.events).toHaveLength(170);
    expect(history.operations).toHaveLength(85);
  });

  it('reads a write with positions from 0 and nil as null', () => {
    // Lines 3 and 10: process 2 writes 4.
    expect(history.operations.find((o) => o.invokeIndex === 2)).toMatchObject({ process: 2, f: 'write', input: 4, output: 4, known: true, call: 2, ret: 9, completeIndex: 9 });
    expect(history.operations[0]).toMatchObject({ process: 0, f: 'read', input: null, output: null, known: true });
  });

  it('keeps a failed cas as an observation (output false), an ok cas with output true', () => {
    const cas = history.operations.filter((o) => o.f === 'cas' && o.known);
    expect(cas.filter((o) => o.output === false)).toHaveLength(20);
    expect(cas.filter((o) => o.output === true)).toHaveLength(6);
    // Lines 27 and 29: process 1's cas [0 3] failed.
    expect(history.operations.find((o) => o.invokeIndex === 26)).toMatchObject({ process: 1, input: [0, 3], output: false, known: true, completeIndex: 28 });
  });

  it('reads a timed-out op as unknown, the keyword as its error', () => {
    expect(history.operations.filter((o) => !o.known)).toHaveLength(16);
    expect(history.events[60]).toEqual({ index: 60, time: 60, type: 'info', process: 4, f: 'write', error: 'timed-out' });
  });
});

describe('Porcupine etcd lines', () => {
  it('drops a failed (timed-out) read, and skips the nemesis', () => {
    const text = [line(0, 'invoke', 'read', 'nil'), line(':nemesis', 'info', 'start', 'nil'), line(0, 'fail', 'read', ':timed-out'), line(1, 'invoke', 'write', '3'), line(1, 'ok', 'write', '3')].join('\n');
    const { events, operations } = parseHistory('x.log', text);
    expect(events).toHaveLength(5);
    expect(events[1]).toMatchObject({ process: 'nemesis' });
    expect(operations).toEqual([expect.objectContaining({ id: 0, process: 1, f: 'write', input: 3, call: 3, ret: 4 })]);
  });

  it('accepts spaces instead of tabs', () => {
    const { operations } = parseHistory('x.log', 'INFO jepsen.util - 7 :invoke :cas [1 2]\nINFO jepsen.util - 7 :fail :cas [1 2]\n');
    expect(operations).toEqual([expect.objectContaining({ f: 'cas', input: [1, 2], output: false, known: true })]);
  });
});

describe('malformed Porcupine etcd logs', () => {
  it('a line of another shape', () => {
    const e = malformed(tmp, 'shape.log', `${line(0, 'invoke', 'read', 'nil')}\nsomething else\n`, 'porcupine-etcd');
    expect(e.message).toMatch(/shape\.log:2: expected "INFO jepsen\.util - PROCESS :TYPE :F VALUE"/);
  });

  it('a value that is not nil, an integer, a pair or a keyword', () => {
    const e = malformed(tmp, 'value.log', `${line(0, 'invoke', 'write', 'three')}\n`);
    expect(e.message).toMatch(/value\.log:1: expected a value \(nil, an integer, \[old new\] or a keyword\), got "three"/);
  });

  it('an unknown type', () => {
    expect(malformed(tmp, 'type.log', `${line(0, 'invoke', 'read', 'nil')}\n${line(0, 'done', 'read', '1')}\n`).message).toMatch(/type\.log:2: expected "INFO jepsen/);
  });

  it('an invoke while the process has one open', () => {
    const e = malformed(tmp, 'twice.log', `${line(0, 'invoke', 'read', 'nil')}\n${line(0, 'invoke', 'read', 'nil')}\n`);
    expect(e.message).toMatch(/twice\.log:2: expected a completion of process 0's op from line 1 before its next invoke/);
  });
});
