import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { referenceHistoriesDir } from '../../checkers/history/reference.js';
import type { CheckResult } from '../../checkers/linearizable/result.js';
import { ExitCode } from './exit-codes.js';

const run = promisify(execFile);
const bin = new URL('../../dist/harness/cli/main.js', import.meta.url).pathname;
const dir = referenceHistoriesDir();
const tmp = mkdtempSync(join(tmpdir(), 'faultline-check-'));

async function faultline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function expectOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(ExitCode.badInput);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('faultline check', () => {
  it('exits 0 on a valid history', async () => {
    const result = await faultline('check', join(dir, 'porcupine/kv/c10-ok.txt'));
    expect(result.code).toBe(ExitCode.valid);
    expect(result.stdout).toMatch(/VALID — kv, 337 ops in 10 partition/);
  });

  it('exits 1 on an invalid history and prints the failing op', async () => {
    const result = await faultline('check', join(dir, 'knossos/cas-register/bad/bad-analysis.edn'));
    expect(result.code).toBe(ExitCode.invalid);
    expect(result.stdout).toMatch(/cannot linearize process 21: read → 2 \(events 13–14\)/);
  });

  it('prints the whole result as JSON with --json', async () => {
    const result = await faultline('check', join(dir, 'porcupine/etcd/etcd_002.log'), '--json');
    const parsed = JSON.parse(result.stdout) as CheckResult;
    expect(parsed.model).toBe('cas-register');
    expect(result.code).toBe(parsed.verdict === 'valid' ? 0 : 1);
  });

  it('exits 2 when the time limit runs out', async () => {
    const lines: string[] = [];
    const n = 26;
    for (let i = 0; i < n; i++) lines.push(JSON.stringify({ index: i, time: i, type: 'invoke', process: i, f: 'write', key: 'k', value: i }));
    for (let i = 0; i < n; i++) lines.push(JSON.stringify({ index: n + i, time: n + i, type: 'ok', process: i, f: 'write', key: 'k', value: i }));
    lines.push(JSON.stringify({ index: 2 * n, time: 2 * n, type: 'invoke', process: 99, f: 'read', key: 'k', value: null }));
    lines.push(JSON.stringify({ index: 2 * n + 1, time: 2 * n + 1, type: 'ok', process: 99, f: 'read', key: 'k', value: 1234 }));
    const file = join(tmp, 'hard.jsonl');
    writeFileSync(file, lines.join('\n'));
    const result = await faultline('check', file, '--model', 'register', '--time-limit', '0.001');
    expect(result.code).toBe(ExitCode.unknown);
    expect(result.stdout).toMatch(/UNKNOWN/);
  });

  it('rejects bad arguments and input with one line and exit 254', async () => {
    expectOneLineError(await faultline('check', join(tmp, 'missing.jsonl')), /missing\.jsonl: cannot read the file/);
    expectOneLineError(await faultline('check', join(dir, 'porcupine/kv/c10-ok.txt'), '--model', 'queue'), /queue/);
    expectOneLineError(await faultline('check', join(dir, 'porcupine/kv/c10-ok.txt'), '--initial', '{nope'), /--initial takes JSON/);
    expectOneLineError(await faultline('check', join(dir, 'porcupine/kv/c10-ok.txt'), '--time-limit', 'soon'), /--time-limit/);
    const bad = join(tmp, 'bad.edn');
    writeFileSync(bad, '[{:process 0, :type :invoke, :f :read}\n {:process 0 :type :sometimes :f :read}]\n');
    expectOneLineError(await faultline('check', bad), /bad\.edn:2: expected "type" to be one of/);
  });
});
