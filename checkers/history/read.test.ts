import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MalformedHistoryError } from './errors.js';
import { detectFormat, readHistory } from './read.js';
import { corpusDir } from '../test-support/corpus.js';
import { fixturesDir, loadReferenceHistories, type ReferenceHistory } from './reference.js';
import { malformed, tempDir, writeTemp } from './test-support/files.js';

const tmp = tempDir('read');

function expectFormatsDetected(references: readonly ReferenceHistory[]): void {
  for (const reference of references) {
    const history = readHistory(reference.path);
    expect(history.format, reference.name).toBe(reference.format);
    const calls = history.operations.map((o) => o.call);
    expect(calls, reference.name).toEqual([...calls].sort((a, b) => a - b));
  }
}

describe('format detection', () => {
  it('knows a Porcupine etcd line whatever the extension', () => {
    expect(detectFormat('x.txt', 'INFO  jepsen.util - 0\t:invoke\t:read\tnil')).toBe('porcupine-etcd');
    expect(detectFormat('x.edn', 'INFO jepsen.util - 0 :invoke :read nil')).toBe('porcupine-etcd');
  });

  it('goes by the extension for .jsonl, .json and .edn', () => {
    expect(detectFormat('run/history.jsonl', '')).toBe('jsonl');
    expect(detectFormat('x.JSON', '{"type":"invoke"}')).toBe('jsonl');
    expect(detectFormat('x.edn', '{:process 0, :type :invoke, :f :get, :key "1", :value nil}')).toBe('edn');
  });

  it('otherwise goes by the first form, skipping blank lines and comments', () => {
    expect(detectFormat('x', '\n{"index":0}')).toBe('jsonl');
    expect(detectFormat('x.txt', '{:process 0, :type :invoke, :f :get, :key "1", :value nil}')).toBe('porcupine-kv');
    expect(detectFormat('x.txt', '{:process 0, :type :invoke, :f :read, :value nil}')).toBe('edn');
    expect(detectFormat('x.log', '; a comment\n[{:process 0}]')).toBe('edn');
    expect(detectFormat('x', '({:process 0})')).toBe('edn');
  });

  it('says what it expected when it cannot tell', () => {
    expect(() => detectFormat('x.csv', 'a,b,c')).toThrow(MalformedHistoryError);
    expect(() => detectFormat('x.csv', 'a,b,c')).toThrow(/^x\.csv: cannot tell the format: expected JSONL .* pass --format/);
  });
});

describe('readHistory', () => {
  it('reads every fixture, detecting the format verdicts.json gives it, ops in call order', () => {
    expectFormatsDetected(loadReferenceHistories(fixturesDir()));
  });

  it.skipIf(corpusDir === null)('reads every reference history, detecting the format verdicts.json gives it', () => {
    const references = loadReferenceHistories(corpusDir!);
    expect(references.length).toBeGreaterThan(100);
    expectFormatsDetected(references);
  });

  it('reads CRLF line endings in every format', () => {
    const crlf = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;
    const texts = {
      'a.jsonl': crlf('{"time":0,"type":"invoke","process":0,"f":"read","value":null}', '{"time":1,"type":"ok","process":0,"f":"read","value":1}'),
      'a.edn': crlf('[{:process 0, :type :invoke, :f :read, :value nil}', ' {:process 0, :type :ok, :f :read, :value 1}]'),
      'a.log': crlf('INFO  jepsen.util - 0\t:invoke\t:read\tnil', 'INFO  jepsen.util - 0\t:ok\t:read\t1'),
      'a.txt': crlf('{:process 0, :type :invoke, :f :get, :key "k", :value nil}', '{:process 0, :type :ok, :f :get, :key "k", :value "1"}'),
    };
    for (const [name, text] of Object.entries(texts)) {
      const history = readHistory(writeTemp(tmp, name, text));
      expect(history.operations, name).toEqual([expect.objectContaining({ known: true, call: 0, ret: 1 })]);
      expect(String(history.operations[0]!.output), name).toBe('1');
      expect(history.lines, name).toEqual([1, 2]);
    }
  });

  it('names a missing file', () => {
    const missing = join(tmp, 'nope.jsonl');
    expect(() => readHistory(missing)).toThrow(`${missing}: cannot read the file (ENOENT)`);
  });

  it('names a directory given as the file', () => {
    expect(() => readHistory(tmp)).toThrow(/cannot read the file \(EISDIR\)/);
  });

  it('honours an explicit format over detection', () => {
    const file = writeTemp(tmp, 'kv.edn', '{:process 0, :type :invoke, :f :put, :key "a", :value "v"}\n{:process 0, :type :ok, :f :put, :key "a", :value nil}\n');
    expect(readHistory(file).operations[0]!.output).toBeNull();
    expect(readHistory(file, { format: 'porcupine-kv' }).operations[0]!.output).toBe('v');
  });

  it('reads a file in the wrong explicit format as malformed, naming the format expected', () => {
    const e = malformed(tmp, 'really.edn', '{:process 0, :type :invoke, :f :read, :value nil}\n', 'jsonl');
    expect(e.message).toMatch(/really\.edn:1: expected one JSON object per line/);
  });
});
