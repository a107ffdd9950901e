import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTemp } from '../../checkers/history/test-support/files.js';
import type { CheckResult } from '../../checkers/linearizable/result.js';
import { fixture } from '../../checkers/test-support/corpus.js';
import { ExitCode } from './exit-codes.js';
import { faultlineCli as faultline, type CliOutcome as Outcome } from './test-support/faultline.js';

const tmp = tempDir('check');

function expectOneLineError(result: Outcome, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(ExitCode.badInput);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
}

describe('faultline check verdicts', () => {
  it('exits 0 on a valid history', async () => {
    const result = await faultline('check', fixture('porcupine-kv/kv-ok.txt'));
    expect(result.code).toBe(ExitCode.valid);
    expect(result.stdout).toMatch(/kv-ok\.txt: VALID — kv, 6 ops in 2 partition/);
  });

  it('exits 1 on an invalid history and prints the failing op, its lines, the prefix and what was concurrent', async () => {
    const result = await faultline('check', fixture('edn/cas-register-bad.edn'));
    expect(result.code).toBe(ExitCode.invalid);
    expect(result.stdout.split('\n')).toEqual([
      expect.stringMatching(/cas-register-bad\.edn: INVALID — cas-register, 4 ops in 1 partition\(s\), [\d.]+ ms$/),
      '  cannot linearize process 3: read → 0 (events 9–10), at lines 13–14',
      '  longest linearizable prefix: 2 ops from 0:',
      '    process 0: write 1 (events 0–2)  ⇒ 1',
      '    process 1: cas 1→2 (events 1–3)  ⇒ 2',
      '  then, in state 2, every candidate was rejected:',
      '    process 3: read → 0 (events 9–10): impossible in state 2',
      '    process 4: write 4 ? (event 7, never completed): possible here, but no order of the remaining ops explains the history after it',
      '  concurrent with it: process 4: write 4 ? (event 7, never completed)',
      '',
    ]);
  });

  it('prints the whole result as JSON with --json', async () => {
    const [valid, invalid] = await Promise.all([
      faultline('check', fixture('porcupine-etcd/etcd-ok.log'), '--json'),
      faultline('check', '--json', fixture('edn/cas-register-bad.edn')),
    ]);
    const v = JSON.parse(valid.stdout) as CheckResult;
    expect(v).toMatchObject({ verdict: 'valid', model: 'cas-register', initial: null });
    expect(valid.code).toBe(ExitCode.valid);
    const i = JSON.parse(invalid.stdout) as CheckResult;
    expect(i).toMatchObject({ verdict: 'invalid', model: 'cas-register', initial: 0 });
    expect(i.counterexample?.op).toMatchObject({ process: 3, completeIndex: 10 });
    expect(invalid.code).toBe(ExitCode.invalid);
  });

  it('takes --model and --initial, and a hand-picked model starts from its own empty state', async () => {
    const file = fixture('edn/multi-register-ok.edn');
    const [given, own] = await Promise.all([
      faultline('check', file, '--model', 'multi-register', '--initial', '{"x":0,"y":0}', '--json'),
      faultline('check', file, '--model', 'multi-register', '--json'),
    ]);
    expect(JSON.parse(given.stdout)).toMatchObject({ verdict: 'valid', model: 'multi-register', initial: { x: 0, y: 0 } });
    expect(given.code).toBe(ExitCode.valid);
    // From {} the first reads of x = 0 cannot be explained.
    expect(JSON.parse(own.stdout)).toMatchObject({ verdict: 'invalid', model: 'multi-register' });
  });

  it('checks a history cut off mid-write, warning on stderr', async () => {
    const file = writeTemp(
      tmp,
      'cut.jsonl',
      '{"time":0,"type":"invoke","process":0,"f":"write","key":"a","value":1}\n{"time":1,"type":"ok","process":0,"f":"write","key":"a","value":1}\n{"time":2,"type":"inv',
    );
    const result = await faultline('check', file);
    expect(result.code).toBe(ExitCode.valid);
    expect(result.stderr).toBe(`faultline: warning: ${file}:3: left out an incomplete last event (the recorder stopped while writing it)\n`);
  });

  it('exits 2 when the time limit runs out', async () => {
    const n = 26;
    const lines: string[] = [];
    for (let i = 0; i < n; i++) lines.push(JSON.stringify({ time: i, type: 'invoke', process: i, f: 'write', key: 'k', value: i }));
    for (let i = 0; i < n; i++) lines.push(JSON.stringify({ time: n + i, type: 'ok', process: i, f: 'write', key: 'k', value: i }));
    lines.push(JSON.stringify({ time: 2 * n, type: 'invoke', process: 99, f: 'read', key: 'k', value: null }));
    lines.push(JSON.stringify({ time: 2 * n + 1, type: 'ok', process: 99, f: 'read', key: 'k', value: 1234 }));
    const file = writeTemp(tmp, 'hard.jsonl', lines.join('\n'));
    const result = await faultline('check', file, '--model', 'register', '--time-limit', '0.001');
    expect(result.code).toBe(ExitCode.unknown);
    expect(result.stdout).toMatch(/UNKNOWN — register/);
    expect(result.stdout).toMatch(/ran out of time/);
  });

  it('exits 1 when the time limit runs out on a stale read it proves in one pass, and says how', async () => {
    const n = 26;
    const lines: string[] = [];
    const event = (time: number, type: string, process: number, f: string, value: unknown): void => {
      lines.push(JSON.stringify({ time, type, process, f, key: 'k', value }));
    };
    // Writes of unknown outcome keep the search busy; 1 is overwritten by 2, seen, then read again.
    for (let i = 0; i < n; i++) event(i, 'invoke', i, 'write', 100 + i);
    event(n, 'invoke', 50, 'write', 1);
    event(n + 1, 'ok', 50, 'write', 1);
    event(n + 2, 'invoke', 51, 'write', 2);
    event(n + 3, 'ok', 51, 'write', 2);
    event(n + 4, 'invoke', 52, 'read', null);
    event(n + 5, 'ok', 52, 'read', 1);
    for (let i = 0; i < n; i++) event(n + 6 + i, 'info', i, 'write', 100 + i);
    const file = writeTemp(tmp, 'stale.jsonl', lines.join('\n'));
    const result = await faultline('check', file, '--model', 'register', '--time-limit', '0.001');
    expect(result.code).toBe(ExitCode.invalid);
    expect(result.stdout.split('\n').slice(1, 7)).toEqual([
      `  cannot linearize process 52: read → 1 (events ${n + 4}–${n + 5}), at lines ${n + 5}–${n + 6} [key k]`,
      '  proved by a few ops alone: 1 was seen before the write of 2 was called, 2 was seen before this op was called, and only one op writes 1',
      '  the order they must take: 2 ops from null:',
      `    process 50: write 1 (events ${n}–${n + 1})  ⇒ 1`,
      `    process 51: write 2 (events ${n + 2}–${n + 3})  ⇒ 2`,
      '  then, in state 2, this op cannot come next:',
    ]);
  });
});

describe('faultline check on bad arguments and input: one line, exit 254', () => {
  const good = fixture('porcupine-kv/kv-ok.txt');

  it('rejects bad arguments', async () => {
    const [missing, model, initial, limit, format, noFile] = await Promise.all([
      faultline('check', join(tmp, 'missing.jsonl')),
      faultline('check', good, '--model', 'queue'),
      faultline('check', good, '--initial', '{nope'),
      faultline('check', good, '--time-limit', 'soon'),
      faultline('check', good, '--format', 'csv'),
      faultline('check'),
    ]);
    expectOneLineError(missing, /missing\.jsonl: cannot read the file \(ENOENT\)/);
    expectOneLineError(model, /'queue' is invalid/);
    expectOneLineError(initial, /--initial takes JSON/);
    expectOneLineError(limit, /--time-limit takes a positive number of seconds, got "soon"/);
    expectOneLineError(format, /'csv' is invalid/);
    expectOneLineError(noFile, /missing required argument 'file'/);
  });

  it('rejects a malformed file of each format, naming file and line', async () => {
    const files = {
      jsonl: writeTemp(tmp, 'bad.jsonl', '{"time":0,"type":"invoke","process":0,"f":"read"}\n{"time":1,"type":"ok","process":0\n'),
      edn: writeTemp(tmp, 'bad.edn', '[{:process 0, :type :invoke, :f :read}\n {:process 0 :type :sometimes :f :read}]\n'),
      etcd: writeTemp(tmp, 'bad-etcd.log', 'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\t{1}\n'),
      kv: writeTemp(tmp, 'bad-kv.txt', '{:process 0, :type :invoke, :f :get, :key "1", :value nil}\n{:process 0, :type :ok, :f :delete, :key "1"}\n'),
      undetectable: writeTemp(tmp, 'bad.csv', 'process,type,f\n'),
    };
    const [jsonl, edn, etcd, kv, undetectable, forced] = await Promise.all([
      faultline('check', files.jsonl),
      faultline('check', files.edn),
      faultline('check', files.etcd),
      faultline('check', files.kv),
      faultline('check', files.undetectable),
      faultline('check', files.edn, '--format', 'porcupine-etcd'),
    ]);
    expectOneLineError(jsonl, /bad\.jsonl:2: expected one JSON object per line/);
    expectOneLineError(edn, /bad\.edn:2: expected "type" to be one of invoke, ok, fail, info/);
    expectOneLineError(etcd, /bad-etcd\.log:2: expected a value \(nil, an integer, \[old new\] or a keyword\), got "\{1\}"/);
    expectOneLineError(kv, /bad-kv\.txt:2: expected :f to be :get, :put or :append, got :delete/);
    expectOneLineError(undetectable, /bad\.csv: cannot tell the format/);
    expectOneLineError(forced, /bad\.edn:1: expected "INFO jepsen\.util/);
  });

  it('refuses ops the model cannot check, naming the line and what the model takes', async () => {
    const jsonl = (...events: object[]): string => events.map((e) => JSON.stringify(e)).join('\n');
    const files = {
      increment: writeTemp(tmp, 'increment.jsonl', jsonl({ type: 'invoke', process: 0, f: 'increment', key: 'a', value: 1 }, { type: 'info', process: 0, f: 'increment', key: 'a' })),
      cas: writeTemp(tmp, 'cas.jsonl', jsonl({ type: 'invoke', process: 0, f: 'cas', key: 'a', value: 5 }, { type: 'ok', process: 0, f: 'cas', key: 'a', value: 5 })),
      otherKey: writeTemp(tmp, 'other-key.jsonl', jsonl({ type: 'invoke', process: 0, f: 'read', key: 'a' }, { type: 'ok', process: 0, f: 'read', key: 'b', value: 1 })),
      keyKinds: writeTemp(
        tmp,
        'key-kinds.jsonl',
        jsonl({ type: 'invoke', process: 0, f: 'write', key: 1, value: 1 }, { type: 'ok', process: 0, f: 'write', key: 1 }, { type: 'invoke', process: 1, f: 'read', key: '1' }),
      ),
      setRead: writeTemp(tmp, 'set-read.jsonl', jsonl({ type: 'invoke', process: 0, f: 'read', key: 's' }, { type: 'ok', process: 0, f: 'read', key: 's', value: 3 })),
    };
    const [increment, cas, otherKey, keyKinds, setRead] = await Promise.all([
      faultline('check', files.increment),
      faultline('check', files.cas),
      faultline('check', files.otherKey),
      faultline('check', files.keyKinds),
      faultline('check', files.setRead, '--model', 'set'),
    ]);
    expectOneLineError(increment, /increment\.jsonl:1: expected an op the kv model has, got "increment" \(the kv model takes get or read, put or write VALUE, append STRING, cas \[OLD, NEW\], delete; one value per key\)/);
    expectOneLineError(cas, /cas\.jsonl:1: expected a cas to take \[old, new\], got 5 \(the kv model takes/);
    expectOneLineError(otherKey, /other-key\.jsonl:2: expected the completion of process 0's read from line 1 to be for key "a", got key "b"/);
    expectOneLineError(keyKinds, /key-kinds\.jsonl:3: expected each key to be always a number or always a string: key 1 is a number on line 1 and the string "1" on line 3/);
    expectOneLineError(setRead, /set-read\.jsonl:2: expected a read to return a list, got 3 \(the set model takes/);
  });

  it('keeps integers past 2^53 exact, and warns when many keys go to a one-register model', async () => {
    const big = writeTemp(
      tmp,
      'big.jsonl',
      '{"type":"invoke","process":0,"f":"write","key":"a","value":9007199254740993}\n{"type":"ok","process":0,"f":"write","key":"a"}\n' +
        '{"type":"invoke","process":0,"f":"read","key":"b"}\n{"type":"ok","process":0,"f":"read","key":"b","value":null}\n' +
        '{"type":"invoke","process":0,"f":"read","key":"a"}\n{"type":"ok","process":0,"f":"read","key":"a","value":9007199254740992}\n',
    );
    const [kv, register] = await Promise.all([faultline('check', big, '--json'), faultline('check', big, '--model', 'register')]);
    expect(kv.code).toBe(ExitCode.invalid);
    expect(kv.stdout).toMatch(/"description":"a: read → 9007199254740992"/);
    expect(register.code).toBe(ExitCode.invalid);
    expect(register.stderr).toBe(`faultline: warning: ${big}: the ops have keys ("a", "b", …) but the register model checks them all as one object, whatever their key; --model kv checks each key on its own\n`);
  });

  it('documents the defaults by format in --help', async () => {
    const result = await faultline('check', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/porcupine-etcd +--model cas-register --initial null/);
    expect(result.stdout).toMatch(/porcupine-kv +--model kv --initial ""/);
    expect(result.stdout).toMatch(/edn +--model cas-register --initial 0/);
    expect(result.stdout).toMatch(/jsonl +--model kv --initial null/);
  });
});
