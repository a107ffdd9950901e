import { fc, test } from '@fast-check/vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusFile, describeWithCorpus, fixture, PROPERTY_SEED } from '../test-support/corpus.js';
import { readEdnElements } from './edn-fast.js';
import { parseEdnForm, splitEdnForms } from './edn-forms.js';
import { readHistory } from './read.js';
import { malformed, tempDir } from './test-support/files.js';

const tmp = tempDir('edn');
const knossos = (path: string) => readHistory(corpusFile(`knossos/${path}`));

describe('Jepsen EDN on the fixtures', () => {
  it('reads a vector with comments between maps, drops fail ops and the nemesis, keeps info ops unknown', () => {
    const history = readHistory(fixture('edn/cas-register-bad.edn'));
    expect(history.format).toBe('edn');
    expect(history.events).toHaveLength(11);
    expect(history.lines.slice(0, 4)).toEqual([3, 4, 5, 7]);
    expect(history.events[0]).toEqual({ index: 0, time: 0, type: 'invoke', process: 0, f: 'write', value: 1 });
    expect(history.events[6]).toMatchObject({ process: 'nemesis', type: 'info', f: 'start', value: null });
    expect(history.events[8]).toMatchObject({ type: 'info', error: '["timeout",null]' });
    expect(history.operations.map((o) => [o.process, o.f, o.known])).toEqual([
      [0, 'write', true],
      [1, 'cas', true],
      [4, 'write', false],
      [3, 'read', true],
    ]);
    expect(history.operations[1]).toMatchObject({ input: [1, 2], call: 1, ret: 3 });
  });

  it('reads a list of maps, skipping a discarded one, and a nil read as telling nothing', () => {
    const history = readHistory(fixture('edn/cas-register-ok.edn'));
    expect(history.events).toHaveLength(12);
    expect(history.lines[8]).toBe(10);
    const nilRead = history.operations.find((o) => o.f === 'read')!;
    expect(nilRead).toMatchObject({ known: true, output: undefined });
    expect(history.events[2]).not.toHaveProperty('value');
  });

  it('reads a stream of maps spanning lines, with times and transactions', () => {
    const history = readHistory(fixture('edn/multi-register-ok.edn'));
    expect(history.lines).toEqual([1, 2, 3, 4, 9, 10, 11, 12]);
    expect(history.events[0]).toEqual({ index: 0, time: 100, type: 'invoke', process: 2, f: 'txn', value: [['read', 'x', null], ['read', 'y', null]] });
    expect(history.operations.map((o) => o.known)).toEqual([true, true, false, true]);
    expect(history.operations[0]).toMatchObject({ call: 0, ret: 2, output: [['read', 'x', 0], ['read', 'y', 0]] });
  });

  it('reads tagged records (#jepsen.history.Op{…}) as their maps', () => {
    const history = readHistory(fixture('edn/multi-register-bad.edn'));
    expect(history.events.map((e) => e.type)).toEqual(['invoke', 'ok', 'invoke', 'ok']);
    expect(history.events[3]).toMatchObject({ time: 130, process: 1, value: [['read', 'x', 1], ['read', 'y', 0]] });
  });

  it('keeps integers past 2^53 exact', () => {
    const file = `${tmp}/big.edn`;
    const history = readHistory(writeFile(file, '[{:process 0 :type :invoke :f :write :value 9007199254740993}\n {:process 0 :type :ok :f :write :value 9007199254740993}]'));
    expect(history.operations[0]!.input).toBe(9007199254740993n);
  });
});

describe('the fast EDN reader gives what edn-data gives', () => {
  const edn = (text: string): unknown[] => splitEdnForms('f.edn', text).map((form) => parseEdnForm('f.edn', form));
  const fast = (text: string): unknown[] | null => readEdnElements(Buffer.from(text))?.map((e) => e.value) ?? null;

  it('on every EDN fixture', () => {
    for (const name of ['edn/cas-register-bad.edn', 'edn/cas-register-ok.edn', 'edn/multi-register-ok.edn', 'edn/multi-register-bad.edn', 'porcupine-kv/kv-ok.txt']) {
      const text = readFileSync(fixture(name), 'utf8');
      expect(fast(text), name).toEqual(edn(text));
    }
  });

  const atom = fc.oneof(
    fc.constantFrom('nil', 'true', 'false', ':read', ':jepsen.history/op', '"a b"', '"q\\"uote"', '"\\u00e9t\\u00e9"', '"line\\nbreak"'),
    fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => (Number.isInteger(x) ? `${x}.5` : String(x))),
  );
  const form: fc.Arbitrary<string> = fc.letrec((tie) => ({
    form: fc.oneof({ depthSize: 'small' }, atom, tie('vector'), tie('map'), tie('set')),
    vector: fc.array(tie('form'), { maxLength: 4 }).map((items) => `[${items.join(' ')}]`),
    set: fc.array(tie('form'), { maxLength: 3 }).map((items) => `#{${items.join(', ')}}`),
    map: fc.array(fc.tuple(fc.constantFrom(':process', ':type', ':f', ':value', '"key"'), tie('form')), { maxLength: 4 }).map((pairs) => `{${pairs.map(([k, v]) => `${k} ${v}`).join(', ')}}`),
  })).form as fc.Arbitrary<string>;

  test.prop([fc.array(fc.tuple(form, fc.constantFrom(' ', '\n', ' ; c\n', ', ')), { minLength: 1, maxLength: 5 })], { seed: PROPERTY_SEED, numRuns: 300 })(
    'on generated forms with comments, commas and line breaks between them',
    (items) => {
      const text = items.map(([f, gap]) => `${f}${gap}`).join('');
      expect(fast(text)).toEqual(edn(text));
    },
  );
});

function writeFile(path: string, text: string): string {
  writeFileSync(path, text);
  return path;
}

describeWithCorpus('Jepsen EDN on the Knossos histories', () => {
  it('reads a vector with comments between maps (bad-analysis.edn)', () => {
    const history = knossos('cas-register/bad/bad-analysis.edn');
    expect(history.format).toBe('edn');
    expect(history.events).toHaveLength(16);
    expect(history.events[0]).toEqual({ index: 0, time: 0, type: 'invoke', process: 4, f: 'write', value: 2 });
    // Two invocations never complete: process 6's read and process 20's write.
    expect(history.operations).toHaveLength(9);
    expect(history.operations.filter((o) => !o.known).map((o) => o.process)).toEqual([6, 20]);
    expect(history.operations.find((o) => o.completeIndex === 14)).toMatchObject({ process: 21, f: 'read', input: 2, output: 2, invokeIndex: 13, known: true });
  });

  it('drops fail ops and nemesis events, keeps info ops unknown (cas-failure.edn)', () => {
    const history = knossos('cas-register/bad/cas-failure.edn');
    expect(history.events).toHaveLength(590);
    expect(history.events.filter((e) => e.process === 'nemesis')).toHaveLength(8);
    expect(history.events[400]).toMatchObject({ process: 'nemesis', type: 'info', f: 'start', value: null });
    const invokes = history.events.filter((e) => e.type === 'invoke' && e.process !== 'nemesis').length;
    const fails = history.events.filter((e) => e.type === 'fail').length;
    expect(fails).toBe(85);
    expect(history.operations).toHaveLength(invokes - fails);
    expect(history.operations.filter((o) => !o.known)).toEqual([
      expect.objectContaining({ process: 77, f: 'cas', input: [1, 1], ret: Infinity, invokeIndex: 463, completeIndex: null }),
    ]);
    expect(history.operations.find((o) => o.completeIndex === 491)).toMatchObject({ process: 70, f: 'read', output: 0 });
  });

  it('reads a nil read as telling nothing, as Knossos does', () => {
    const history = knossos('cas-register/bad/cas-failure.edn');
    const nilRead = history.operations.find((o) => o.process === 70 && o.completeIndex === 6)!;
    expect(nilRead).toMatchObject({ f: 'read', known: true, output: undefined });
    expect(history.events[6]).not.toHaveProperty('value');
  });

  it('reads a list of maps (rethink-fail-minimal.edn)', () => {
    const history = knossos('cas-register/bad/rethink-fail-minimal.edn');
    expect(history.events).toHaveLength(8);
    expect(history.operations.map((o) => [o.f, o.output])).toEqual([
      ['write', 0],
      ['read', 3],
      ['write', 4],
      ['read', 4],
    ]);
  });

  it('reads maps across lines with times and transactions (multi-register.edn)', () => {
    const history = knossos('multi-register/good/multi-register.edn');
    expect(history.events).toHaveLength(250);
    expect(history.events[0]).toEqual({ index: 0, time: 7686455705, type: 'invoke', process: 3, f: 'txn', value: [['read', 'x', null]] });
    expect(history.operations).toHaveLength(121);
    // Ordering is by position: the file's order is the real-time order even where times are not.
    expect(history.operations[0]).toMatchObject({ call: 0, ret: 5, output: [['read', 'x', 0]] });
    expect(history.operations.filter((o) => !o.known).map((o) => o.invokeIndex)).toEqual([224, 225]);
  });
});

describe('malformed EDN', () => {
  const invoke = '{:process 0, :type :invoke, :f :read, :value nil}';

  it('an unclosed map', () => {
    expect(malformed(tmp, 'open.edn', `[${invoke}\n {:process 0, :type :ok`).message).toMatch(/open\.edn:2: expected "}" to close the "\{" from line 2/);
  });

  it('a mismatched bracket', () => {
    expect(malformed(tmp, 'mismatch.edn', `[${invoke}\n {:process 0, :type :ok, :f :read, :value 1]]`).message).toMatch(
      /mismatch\.edn:2: expected "}" to close the "\{" from line 2, got "]"/,
    );
  });

  it('an element that is not a map', () => {
    expect(malformed(tmp, 'atom.edn', `[${invoke}\n 42]`).message).toMatch(/atom\.edn:2: expected an op map like \{:process 0/);
  });

  it('an unknown :type', () => {
    expect(malformed(tmp, 'type.edn', `${invoke}\n\n{:process 0 :type :sometimes :f :read}\n`).message).toMatch(
      /type\.edn:3: expected "type" to be one of invoke, ok, fail, info, got "sometimes"/,
    );
  });

  it('a completion without an invocation, at the line of the completion', () => {
    expect(malformed(tmp, 'orphan.edn', `${invoke}\n; comment\n{:process 4,\n :type :ok, :f :read, :value 1}\n`).message).toMatch(
      /orphan\.edn:3: expected an invoke by process 4 before this ok/,
    );
  });

  it('a file of only comments', () => {
    expect(malformed(tmp, 'comments.edn', '; nothing\n; here\n').message).toMatch(/comments\.edn: expected at least one event/);
  });
});

describeWithCorpus('EDN event fields', () => {
  it('keeps a structured error as text (immediate-failure.edn)', () => {
    const history = knossos('cas-register/bad/immediate-failure.edn');
    expect(history.events[2]).toMatchObject({ type: 'fail', process: 101, error: '["temporarily-unavailable",null]' });
    expect(history.operations).toHaveLength(1);
  });
});
