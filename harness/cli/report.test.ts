import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateHistory } from '../../bench/checker/generate.js';
import { tempDir } from '../../checkers/history/test-support/files.js';
import { embeddedData } from '../../reports/test-support/embedded.js';
import { makeRunFolder } from '../../reports/test-support/run-fixture.js';
import { ExitCode } from './exit-codes.js';
import { faultlineCli as faultline } from './test-support/faultline.js';

function expectOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(ExitCode.badInput);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

describe('faultline check --report', () => {
  it('writes a report of any history it reads, and keeps its verdict and exit code', async () => {
    const dir = tempDir('check-report');
    const file = generateHistory(join(dir, 'bad.jsonl'), { ops: 500, keys: 3, clients: 5, crashPpm: 50_000, seed: 4, readNeverWritten: true });
    const out = join(dir, 'sub', 'bad.html');
    const result = await faultline('check', file, '--report', out);
    expect(result.code).toBe(ExitCode.invalid);
    expect(result.stdout).toMatch(/INVALID/);
    const data = embeddedData(readFileSync(out, 'utf8'));
    expect(data.verdict).toBe('invalid');
    expect(data.replay).toBe(`faultline check ${file} --format jsonl --model kv --initial null`);
  });
});

describe('faultline sim --out', () => {
  it('writes a report for each invalid schedule, and for every one with --report-all', async () => {
    const dir = tempDir('sim-report');
    const bad = await faultline('sim', '--schedules', '2', '--ops', '150', '--seed', '1', '--bug', 'stale-read', '--out', join(dir, 'bad'));
    expect(bad.code).toBe(ExitCode.invalid);
    for (const seed of readdirSync(join(dir, 'bad'))) {
      const data = embeddedData(readFileSync(join(dir, 'bad', seed, 'report.html'), 'utf8'));
      expect(data.verdict).toBe('invalid');
      expect(data.replay).toMatch(/^faultline sim .* --bug stale-read$/);
    }
    const all = await faultline('sim', '--schedules', '1', '--ops', '100', '--seed', '40', '--out', join(dir, 'all'), '--report-all');
    expect(all.code).toBe(ExitCode.valid);
    expect(existsSync(join(dir, 'all', 'seed-40', 'report.html'))).toBe(true);
    const none = await faultline('sim', '--schedules', '1', '--ops', '100', '--seed', '40', '--out', join(dir, 'none'));
    expect(existsSync(join(dir, 'none', 'seed-40', 'report.html'))).toBe(false);
    expect(none.code).toBe(ExitCode.valid);
  });

  it('--report-all without --out is a one-line error', async () => {
    expectOneLineError(await faultline('sim', '--schedules', '1', '--report-all'), /--report-all .* --out/);
  });
});

describe('faultline report', () => {
  it('re-renders a stored run and rebuilds the store index', async () => {
    const store = join(tempDir('report'), 'store');
    const fixture = await makeRunFolder(join(store, 'register', '20260101T000000Z'), { ops: 200, seed: 5 });
    const result = await faultline('report', fixture.dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([join(fixture.dir, 'report.html'), join(store, 'index.html')]);
    expect(readFileSync(join(store, 'index.html'), 'utf8')).toContain('register/20260101T000000Z/report.html');
  });

  it('a folder that is not a run is a one-line error', async () => {
    expectOneLineError(await faultline('report', tempDir('not-a-run')), /is not a run folder: it has no history\.jsonl/);
    expectOneLineError(await faultline('report'), /give a run folder/);
  });
});
