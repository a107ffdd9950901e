import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHistory } from './read.js';
import { referenceHistoriesDir } from './reference.js';
import { malformed, tempDir } from './test-support/files.js';

const dir = referenceHistoriesDir();
const tmp = tempDir('edn');
const knossos = (path: string) => readHistory(join(dir, 'knossos', path));

describe('Jepsen EDN on the Knossos histories', () => {
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

describe('EDN event fields', () => {
  it('keeps a structured error as text (immediate-failure.edn)', () => {
    const history = knossos('cas-register/bad/immediate-failure.edn');
    expect(history.events[2]).toMatchObject({ type: 'fail', process: 101, error: '["temporarily-unavailable",null]' });
    expect(history.operations).toHaveLength(1);
  });
});
