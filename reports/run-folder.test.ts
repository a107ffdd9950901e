import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../checkers/history/test-support/files.js';
import { renderRunReport, RunFolderError } from './run-folder.js';
import { listRuns, writeStoreIndex } from './store-index.js';
import { embeddedData } from './test-support/embedded.js';
import { makeRunFolder } from './test-support/run-fixture.js';

describe('a run folder', () => {
  it("renders report.html from the harness's layout: faults as bands, node logs on the history's clock, toxiproxy.log", async () => {
    const store = tempDir('store');
    const run = await makeRunFolder(join(store, 'register', '20260101T000000Z'), { ops: 400, seed: 7 });
    const path = await renderRunReport(run.dir);
    expect(path).toBe(join(run.dir, 'report.html'));
    const data = embeddedData(readFileSync(path, 'utf8'));
    expect(data.verdict).toBe('valid');
    expect(data.title).toBe('register · 20260101T000000Z');
    expect(data.ops.call).toHaveLength(run.invocations);
    expect(data.faults.map((f) => [f.kind, f.nodes])).toEqual([
      ['partition', ['n1', 'n2', 'n3']],
      ['crash', ['n3']],
      ['clock', ['n2']],
    ]);
    expect(data.faults.every((f) => f.end !== null && f.end > f.start)).toBe(true);
    expect(data.nodes).toEqual(['n1', 'n2', 'n3']);
    expect(data.logsOffClock).toBeNull();
    // The first line of each log is the node starting at the history's time 0.
    expect(data.logs.filter((l) => l[3] === 'node-start' && l[1] === 0)).toHaveLength(3);
    expect(data.marks.some((m) => m.node === 'n3' && m.label.startsWith('wal-torn-tail'))).toBe(true);
    // n1 leads until it steps down; n2 from then to the end of its log.
    expect(data.leaders.map((l) => [l.node, l.end === null])).toEqual([
      ['n1', false],
      ['n2', true],
    ]);
    expect(data.marks.find((m) => m.node === 'n2' && m.label.startsWith('role-change'))?.label).toBe('role-change: role leader, term 2, leader n2');
    expect(data.textLogs.map((l) => l.name)).toEqual(['n3 stderr', 'toxiproxy.log']);
    expect(data.replay).toBe('faultline run --seed 7');
    expect(data.seed).toBe('7');
  });

  it('checks the history itself when results.json is missing (a run that died), and says so', async () => {
    const dir = tempDir('died');
    await makeRunFolder(dir, { ops: 300, seed: 9, invalid: true, results: false });
    const data = embeddedData(readFileSync(await renderRunReport(dir), 'utf8'));
    expect(data.verdict).toBe('invalid');
    expect(data.check.counterexample).toBeDefined();
    expect(data.warnings.join(' ')).toMatch(/results\.json has no checker result/);
  });

  it('refuses a folder with no history', async () => {
    await expect(renderRunReport(tempDir('empty'))).rejects.toThrow(RunFolderError);
  });
});

describe('store/index.html', () => {
  it('lists every run newest first with its verdict and a link to its report, and skips store/latest', async () => {
    const store = tempDir('index');
    const older = await makeRunFolder(join(store, 'register', '20260101T000000Z'), { ops: 200, seed: 1 });
    const newer = await makeRunFolder(join(store, 'register', '20260102T000000Z'), { ops: 200, seed: 2, invalid: true, startedAtMs: Date.UTC(2026, 0, 2) });
    await renderRunReport(newer.dir);
    // Without test.json, the folder's name tells when the run started.
    rmSync(join(older.dir, 'test.json'));
    symlinkSync(newer.dir, join(store, 'latest'));
    const runs = listRuns(store);
    expect(runs.map((r) => [r.run, r.verdict, r.hasReport])).toEqual([
      ['20260102T000000Z', 'invalid', true],
      ['20260101T000000Z', 'valid', false],
    ]);
    expect(runs[0]!.configuration).toContain('nodes 3');
    const html = readFileSync(writeStoreIndex(store), 'utf8');
    expect(html).toContain('href="register/20260102T000000Z/report.html"');
    expect(html).toContain('2 runs: 1 valid, 1 invalid');
    expect(existsSync(join(store, 'index.html'))).toBe(true);
  });
});
