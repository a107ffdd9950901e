import { describe, expect, it } from 'vitest';
import { corpusFile, describeWithCorpus, fixture } from '../test-support/corpus.js';
import { parseHistory, readHistory } from './read.js';
import { malformed, tempDir } from './test-support/files.js';

const tmp = tempDir('kv');
const get = (process: number, key: string) => `{:process ${process}, :type :invoke, :f :get, :key "${key}", :value nil}`;

describe('a Porcupine KV log (fixture)', () => {
  it('reads a get as input null, output the string; a put or append as output = input', () => {
    const history = readHistory(fixture('porcupine-kv/kv-ok.txt'));
    expect(history.format).toBe('porcupine-kv');
    expect(history.operations.map((o) => [o.key, o.f, o.input, o.output])).toEqual([
      ['0', 'append', 'x 0 0 y', 'x 0 0 y'],
      ['0', 'get', null, 'x 0 0 y'],
      ['1', 'put', 'a', 'a'],
      ['1', 'append', 'b', 'b'],
      ['1', 'get', null, 'a'],
      ['1', 'get', null, 'ab'],
    ]);
  });
});

describeWithCorpus('Porcupine KV logs', () => {
  it('reads 10 clients over 10 keys (c10-ok.txt)', () => {
    const history = readHistory(corpusFile('porcupine/kv/c10-ok.txt'));
    expect(history.format).toBe('porcupine-kv');
    expect(history.events).toHaveLength(674);
    expect(history.operations).toHaveLength(337);
    expect(history.operations.every((o) => o.known)).toBe(true);
    expect(new Set(history.operations.map((o) => o.key))).toEqual(new Set(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']));
  });

  it('reads a get as input null, output the string; an append as output = input (c01-ok.txt)', () => {
    const history = readHistory(corpusFile('porcupine/kv/c01-ok.txt'));
    expect(history.operations).toHaveLength(58);
    expect(history.operations[0]).toEqual({
      id: 0, process: 0, f: 'append', key: '0', input: 'x 0 0 y', output: 'x 0 0 y', known: true, call: 0, ret: 1, invokeIndex: 0, completeIndex: 1,
    });
    const firstGet = history.operations.find((o) => o.f === 'get')!;
    expect(firstGet.input).toBeNull();
    expect(typeof firstGet.output).toBe('string');
  });

  it('takes a put or append output from its input, whatever the completion says', () => {
    const text = [
      '{:process 0, :type :invoke, :f :put, :key "a", :value "v"}',
      '{:process 0, :type :ok, :f :put, :key "a", :value nil}',
      '{:process 1, :type :invoke, :f :append, :key "a", :value "w"}',
      '{:process 1, :type :info, :f :append, :key "a", :value "w"}',
    ].join('\n');
    const { operations } = parseHistory('x.txt', text, 'porcupine-kv');
    expect(operations.map((o) => [o.f, o.input, o.output, o.known])).toEqual([
      ['put', 'v', 'v', true],
      ['append', 'w', undefined, false],
    ]);
  });
});

describe('malformed Porcupine KV logs', () => {
  it('an op other than get, put or append', () => {
    expect(malformed(tmp, 'f.txt', `${get(0, '1')}\n{:process 1, :type :invoke, :f :cas, :key "1", :value [1 2]}\n`).message).toMatch(
      /f\.txt:2: expected :f to be :get, :put or :append, got :cas/,
    );
  });

  it('a missing key', () => {
    expect(malformed(tmp, 'key.txt', '{:process 0, :type :invoke, :f :get, :value nil}\n', 'porcupine-kv').message).toMatch(/key\.txt:1: expected :key to be a string/);
  });

  it('a get invoked with a value', () => {
    expect(malformed(tmp, 'getv.txt', '{:process 0, :type :invoke, :f :get, :key "1", :value "x"}\n', 'porcupine-kv').message).toMatch(
      /getv\.txt:1: expected a get to be invoked with :value nil/,
    );
  });

  it('an ok get without the string read', () => {
    expect(malformed(tmp, 'getok.txt', `${get(0, '1')}\n{:process 0, :type :ok, :f :get, :key "1", :value 3}\n`).message).toMatch(
      /getok\.txt:2: expected an ok get to carry the string read, got 3/,
    );
  });

  it('a line that is not EDN', () => {
    expect(malformed(tmp, 'edn.txt', `${get(0, '1')}\n{:process 0, :type :ok, :f :get, :key "1", :value "x"\n`).message).toMatch(
      /edn\.txt:3: expected "}" to close the "\{" from line 2/,
    );
  });

  it('a second invoke while the process has one open', () => {
    expect(malformed(tmp, 'twice.txt', `${get(0, '1')}\n${get(0, '2')}\n`).message).toMatch(/twice\.txt:2: expected a completion of process 0's op from line 1/);
  });
});
