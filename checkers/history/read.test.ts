import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedHistoryError } from './errors.js';
import { HistoryWriter, parseJsonl } from './jsonl.js';
import { detectFormat, parseHistory, readHistory } from './read.js';
import { referenceHistoriesDir } from './reference.js';

const dir = referenceHistoriesDir();
const tmp = mkdtempSync(join(tmpdir(), 'faultline-history-'));

function malformed(name: string, text: string, format?: 'jsonl' | 'edn' | 'porcupine-etcd' | 'porcupine-kv'): MalformedHistoryError {
  const file = join(tmp, name);
  writeFileSync(file, text);
  try {
    readHistory(file, { format: format ?? 'auto' });
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedHistoryError);
    return error as MalformedHistoryError;
  }
  throw new Error(`${name} was read without complaint`);
}

describe('JSONL', () => {
  it('round-trips through the appending writer', () => {
    const file = join(tmp, 'round.jsonl');
    const writer = new HistoryWriter(file);
    writer.append({ time: 10, type: 'invoke', process: 0, f: 'write', key: 'k1', value: 3 });
    writer.append({ time: 20, type: 'info', process: 'nemesis', f: 'partition', value: { n1: ['n2'] } });
    writer.append({ time: 30, type: 'ok', process: 0, f: 'write', key: 'k1', value: 3, node: 'n2' });
    writer.append({ time: 40, type: 'invoke', process: 1, f: 'read', key: 'k1', value: null });
    // No close: a harness that dies mid-run still leaves every event on disk.
    const history = readHistory(file);
    expect(history.format).toBe('jsonl');
    expect(history.events.map((e) => e.index)).toEqual([0, 1, 2, 3]);
    expect(history.events[2]).toMatchObject({ node: 'n2', value: 3 });
    expect(history.operations).toHaveLength(2);
    expect(history.operations[0]).toMatchObject({ f: 'write', key: 'k1', known: true, output: 3, call: 0, ret: 2 });
    expect(history.operations[1]).toMatchObject({ f: 'read', known: false, ret: Infinity, completeIndex: null });
    writer.close();
    expect(parseJsonl(file, readFileSync(file, 'utf8'))).toHaveLength(4);
  });

  it('drops failed ops and treats info as unknown', () => {
    const text = [
      { type: 'invoke', process: 0, f: 'cas', key: 'a', value: [1, 2] },
      { type: 'fail', process: 0, f: 'cas', key: 'a', value: [1, 2] },
      { type: 'invoke', process: 1, f: 'write', key: 'a', value: 5 },
      { type: 'info', process: 1, f: 'write', key: 'a', value: 5 },
    ].map((e, i) => JSON.stringify({ index: i, time: i, ...e })).join('\n');
    const history = parseHistory('mem.jsonl', text);
    expect(history.operations).toHaveLength(1);
    expect(history.operations[0]).toMatchObject({ f: 'write', known: false, ret: Infinity });
  });
});

describe('importers on the reference histories', () => {
  it('reads a Jepsen EDN vector with comments and nemesis-free ops', () => {
    const history = readHistory(join(dir, 'knossos/cas-register/bad/bad-analysis.edn'));
    expect(history.format).toBe('edn');
    expect(history.events[0]).toMatchObject({ process: 4, type: 'invoke', f: 'write', value: 2 });
    expect(history.operations.find((o) => o.completeIndex === 14)).toMatchObject({ f: 'read', output: 2, process: 21 });
  });

  it('reads multi-register transactions as plain arrays', () => {
    const history = readHistory(join(dir, 'knossos/multi-register/good/multi-register.edn'), { format: 'edn' });
    const txn = history.operations.find((o) => o.f === 'txn')!;
    expect(Array.isArray(txn.input)).toBe(true);
    expect((txn.input as unknown[][])[0]![0]).toMatch(/^(read|write)$/);
  });

  it('reads a Porcupine etcd log: fail cas is an observation, timed-out ops are unknown', () => {
    const history = readHistory(join(dir, 'porcupine/etcd/etcd_000.log'));
    expect(history.format).toBe('porcupine-etcd');
    const cas = history.operations.filter((o) => o.f === 'cas' && o.known);
    expect(cas.some((o) => o.output === false)).toBe(true);
    expect(cas.some((o) => o.output === true)).toBe(true);
    expect(history.operations.some((o) => !o.known)).toBe(true);
  });

  it('reads a Porcupine kv log with keys', () => {
    const history = readHistory(join(dir, 'porcupine/kv/c10-ok.txt'));
    expect(history.format).toBe('porcupine-kv');
    expect(new Set(history.operations.map((o) => o.key)).size).toBe(10);
    expect(history.operations.every((o) => ['get', 'put', 'append'].includes(o.f))).toBe(true);
  });

  it('detects formats by extension and content', () => {
    expect(detectFormat('x.jsonl', '{"index":0}')).toBe('jsonl');
    expect(detectFormat('x.txt', 'INFO  jepsen.util - 0\t:invoke\t:read\tnil')).toBe('porcupine-etcd');
    expect(detectFormat('x.txt', '{:process 0, :type :invoke, :f :get, :key "1", :value nil}')).toBe('porcupine-kv');
    expect(detectFormat('x.edn', '[{:process 0}]')).toBe('edn');
  });
});

describe('malformed input gives one error naming the file and line', () => {
  it('JSONL: a line that is not JSON', () => {
    const e = malformed('bad.jsonl', '{"index":0,"time":0,"type":"invoke","process":0,"f":"read"}\n{oops\n');
    expect(e.message).toMatch(/bad\.jsonl:2: expected one JSON object per line/);
  });

  it('JSONL: a missing field', () => {
    const e = malformed('nofield.jsonl', '{"index":0,"time":0,"process":0,"f":"read"}\n');
    expect(e.message).toMatch(/nofield\.jsonl:1: expected "type" to be one of invoke, ok, fail, info/);
  });

  it('EDN: an unclosed map', () => {
    const e = malformed('open.edn', '[{:process 0, :type :invoke, :f :read, :value nil}\n {:process 0, :type :ok');
    expect(e.message).toMatch(/open\.edn:2: expected "}" to close the "{" from line 2/);
  });

  it('EDN: a completion without an invocation', () => {
    const e = malformed('orphan.edn', '{:process 3, :type :invoke, :f :read, :value nil}\n{:process 4, :type :ok, :f :read, :value 1}\n');
    expect(e.message).toMatch(/orphan\.edn:2: expected an invoke by process 4 before this ok/);
  });

  it('Porcupine etcd: a line of another shape', () => {
    const e = malformed('etcd.log', 'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nsomething else\n', 'porcupine-etcd');
    expect(e.message).toMatch(/etcd\.log:2: expected "INFO jepsen\.util - PROCESS :TYPE :F VALUE"/);
  });

  it('Porcupine kv: a double invoke', () => {
    const e = malformed(
      'kv.txt',
      '{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n',
      'porcupine-kv',
    );
    expect(e.message).toMatch(/kv\.txt:2: expected a completion of process 0's op from line 1/);
  });

  it('an empty file', () => {
    expect(malformed('empty.jsonl', '\n').message).toMatch(/expected at least one event/);
  });
});
