import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../checkers/history/test-support/files.js';
import { ExitCode } from './exit-codes.js';
import { faultline } from './test-support/faultline.js';

describe('faultline sim --shrink', () => {
  it('shrinks an invalid schedule, writes it under --out, and its replay command fails the same way', async () => {
    const out = tempDir('sim-shrink');
    const first = await faultline(['sim', '--bug', 'stale-read', '--seed', '1', '--schedules', '1', '--ops', '300', '--out', out, '--shrink']);
    expect(first.code, first.stderr).toBe(ExitCode.invalid);
    const shrunk = /shrunk from \d+ faults? \(\d+ ms in all\), 300 ops to (\d+) faults? .* in \d+ runs: (.*)\n/.exec(first.stdout);
    expect(shrunk, first.stdout).not.toBeNull();
    expect(Number(shrunk![1])).toBeLessThanOrEqual(3);
    const replay = /replay shrunk: faultline (sim --schedule (\S+) .*)\n/.exec(first.stdout);
    expect(replay?.[2]).toBe(join(out, 'seed-1', 'shrunk.json'));
    expect(existsSync(replay![2]!)).toBe(true);
    const again = await faultline(replay![1]!.split(' '));
    expect(again.code).toBe(ExitCode.invalid);
    expect(again.stdout).toContain(shrunk![2]!);
  });

  it('needs --out for the shrunk schedule, said in one line', async () => {
    const outcome = await faultline(['sim', '--bug', 'stale-read', '--schedules', '1', '--shrink']);
    expect(outcome.code).toBe(ExitCode.badInput);
    expect(outcome.stderr.trim()).toMatch(/^faultline: --shrink writes the shrunk schedule under --out: give --out DIR too$|--shrink writes the shrunk schedule under --out/);
  });
});
