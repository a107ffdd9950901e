import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../checkers/history/read.js';
import { tempDir } from '../../checkers/history/test-support/files.js';
import { latestRun, RunFolder, runTimestamp } from './run-folder.js';

describe('RunFolder', () => {
  it('lays a run out as store/<test>/<timestamp>/ and links store/latest to the newest', () => {
    const store = tempDir('store');
    const first = RunFolder.create(store, 'register', new Date('2026-01-02T03:04:05.678Z'));
    expect(first.dir).toBe(join(store, 'register', '20260102T030405.678Z'));
    expect(existsSync(join(first.dir, 'nodes'))).toBe(true);
    first.markLatest();
    expect(latestRun(store)).toBe(first.dir);
    const second = RunFolder.create(store, 'register', new Date('2026-01-02T03:04:05.678Z'));
    expect(second.dir).toBe(`${first.dir}-2`);
    second.markLatest();
    expect(latestRun(store)).toBe(second.dir);
  });

  it('streams the history: each event is in the file as soon as it is appended', () => {
    const run = RunFolder.create(tempDir('store'), 't', new Date());
    const history = run.openHistory();
    history.append({ time: 1, type: 'invoke', process: 0, f: 'read', key: 'k0', value: null });
    expect(readFileSync(run.historyPath, 'utf8').split('\n')).toHaveLength(2);
    history.append({ time: 2, type: 'ok', process: 0, f: 'read', key: 'k0', value: 3 });
    history.close();
    expect(readHistory(run.historyPath).operations).toHaveLength(1);
  });

  it('refuses test names that are not one safe path segment', () => {
    expect(() => RunFolder.create(tempDir('store'), '../x', new Date())).toThrow(/safe folder name/);
    expect(() => RunFolder.create(tempDir('store'), 'latest', new Date())).toThrow(/safe folder name/);
  });

  it('names folders so that they sort as time does', () => {
    const a = runTimestamp(new Date('2026-01-02T03:04:05.678Z'));
    const b = runTimestamp(new Date('2026-01-10T00:00:00.000Z'));
    expect(a < b).toBe(true);
  });
});
