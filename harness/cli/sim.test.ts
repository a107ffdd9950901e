import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../checkers/history/read.js';
import { ExitCode } from './exit-codes.js';
import { FAULTLINE_BIN, faultlineCli as faultline } from './test-support/faultline.js';

describe('faultline sim', () => {
  it('exits 0 when every schedule is valid, one line per schedule', async () => {
    const result = await faultline('sim', '--schedules', '3', '--ops', '200', '--seed', '40');
    expect(result.code).toBe(ExitCode.valid);
    expect(result.stdout).toMatch(/^seed 40: valid — 200 ops, [3-7] nodes, /m);
    expect(result.stdout).toMatch(/^seed 42: valid/m);
    expect(result.stdout).toMatch(/3\/3 schedules valid/);
  });

  it('exits 1 on a seeded bug and prints the command that replays it', async () => {
    const result = await faultline('sim', '--schedules', '2', '--ops', '300', '--bug', 'stale-read');
    expect(result.code).toBe(ExitCode.invalid);
    expect(result.stdout).toMatch(/INVALID/);
    expect(result.stdout).toMatch(/replay: faultline sim --nodes 3-7 --schedules 1 --ops 300 --seed \d+ --bug stale-read$/m);
  });

  it('finds lease reads unsafe under clock faults, where ReadIndex stays valid on the same schedules', async () => {
    const common = ['sim', '--schedules', '10', '--ops', '500', '--nemesis', 'clock'];
    const lease = await faultline(...common, '--read-mode', 'lease');
    expect(lease.code).toBe(ExitCode.invalid);
    expect(lease.stdout).toMatch(/not linearizable: .* read/);
    expect(lease.stdout).toMatch(/replay: faultline sim .* --read-mode lease$/m);
    const index = await faultline(...common, '--read-mode', 'index');
    expect(index.code).toBe(ExitCode.valid);
    expect(index.stdout).toMatch(/10\/10 schedules valid/);
  });

  it('draws faults from the nemeses named by --nemesis, and says so in the replay command', async () => {
    const result = await faultline('sim', '--schedules', '4', '--ops', '200', '--nemesis', 'kill', '--bug', 'stale-read');
    const lines = result.stdout.split('\n').filter((l) => l.startsWith('seed '));
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/ — 200 ops, [3-7] nodes, kill \(\d+ faults\)/);
    expect(result.stdout).toMatch(/replay: faultline sim --nodes 3-7 --nemesis kill --schedules 1 .* --bug stale-read$/m);
  });

  it('replays a seed byte-identically into --out', async () => {
    const a = mkdtempSync(join(tmpdir(), 'sim-a-'));
    const b = mkdtempSync(join(tmpdir(), 'sim-b-'));
    await faultline('sim', '--schedules', '1', '--ops', '200', '--seed', '9', '--out', a);
    await faultline('sim', '--schedules', '1', '--ops', '200', '--seed', '9', '--out', b);
    const first = readFileSync(join(a, 'seed-9', 'history.jsonl'), 'utf8');
    expect(readFileSync(join(b, 'seed-9', 'history.jsonl'), 'utf8')).toBe(first);
    // The ops, then every client (5) reads every key (3) once every fault has healed.
    expect(readHistory(join(a, 'seed-9', 'history.jsonl')).events.filter((e) => e.type === 'invoke')).toHaveLength(200 + 15);
  });

  it('replays a written schedule.json with --schedule, byte-identically', async () => {
    const a = mkdtempSync(join(tmpdir(), 'sim-a-'));
    const b = mkdtempSync(join(tmpdir(), 'sim-b-'));
    await faultline('sim', '--schedules', '1', '--ops', '200', '--seed', '12', '--out', a);
    const file = join(a, 'seed-12', 'schedule.json');
    const replay = await faultline('sim', '--schedule', file, '--ops', '200', '--seed', '12', '--out', b);
    expect(replay.code).toBe(ExitCode.valid);
    expect(readFileSync(join(b, 'seed-12', 'schedule.json'), 'utf8')).toBe(readFileSync(file, 'utf8'));
    expect(readFileSync(join(b, 'seed-12', 'history.jsonl'), 'utf8')).toBe(readFileSync(join(a, 'seed-12', 'history.jsonl'), 'utf8'));
  });

  it('stops quietly when its reader goes away (faultline sim | head)', async () => {
    const child = spawn(process.execPath, [FAULTLINE_BIN, 'sim', '--schedules', '500', '--ops', '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('rejects bad flags with one line and exit 254', async () => {
    for (const args of [['--nodes', 'zero'], ['--nodes', '5-3'], ['--bug', 'nope'], ['--nemesis', 'gremlins'], ['--ops', '-3'], ['--seed', '1.5'], ['--read-mode', 'fast'], ['--schedule', '/nonexistent.json']]) {
      const result = await faultline('sim', ...args);
      expect(result.code).toBe(ExitCode.badInput);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
