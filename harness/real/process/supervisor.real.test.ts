import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../checkers/history/test-support/files.js';
import { Ledger, sweepLeftovers } from './ledger.js';
import { processStartTime, processState } from './proc.js';
import { Supervisor, type ProcessSpec } from './supervisor.js';

const dir = tempDir('supervisor');
process.env.FAULTLINE_RUNTIME_DIR = join(dir, 'runtime');

const exitOnEof = ['-e', "process.stdin.resume(); process.stdin.on('end', () => process.exit(0)); setInterval(() => {}, 1000);"];
const logs = (name: string): Pick<ProcessSpec, 'stdoutPath' | 'stderrPath'> => ({ stdoutPath: join(dir, `${name}.log`), stderrPath: join(dir, `${name}.err`) });

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (processStartTime(pid) === null) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return processStartTime(pid) === null;
}

const supervisors: Supervisor[] = [];
afterAll(async () => {
  for (const s of supervisors) await s.close(500);
});

describe('Supervisor', () => {
  it('pauses, resumes and stops its children, the paused one included, and removes their leftovers', async () => {
    const supervisor = new Supervisor();
    supervisors.push(supervisor);
    const eof = supervisor.spawn({ name: 'eof', file: process.execPath, args: exitOnEof, orphan: 'stdin-eof', ...logs('eof') });
    const leftover = join(dir, 'leftover');
    writeFileSync(leftover, '');
    const sleeper = supervisor.spawn({
      name: 'sleeper',
      file: '/usr/bin/sleep',
      args: ['600'],
      orphan: 'kill',
      leftovers: () => [leftover],
      ...logs('sleeper'),
    });
    sleeper.pause();
    await expect.poll(() => processState(sleeper.pid)).toBe('T');
    sleeper.resume();
    await expect.poll(() => processState(sleeper.pid)).not.toBe('T');
    sleeper.pause();
    expect(supervisor.running).toHaveLength(2);
    await supervisor.stopAll(1000);
    expect(supervisor.running).toHaveLength(0);
    expect(await eof.exited).toEqual({ code: 0, signal: null });
    expect((await sleeper.exited).signal).toBe('SIGTERM');
    expect(processStartTime(eof.pid)).toBeNull();
    expect(processStartTime(sleeper.pid)).toBeNull();
    expect(existsSync(leftover)).toBe(false);
  });

  it('kills a paused child with SIGKILL and reports that it was ended on purpose', async () => {
    const supervisor = new Supervisor();
    supervisors.push(supervisor);
    const child = supervisor.spawn({ name: 'sleeper', file: '/usr/bin/sleep', args: ['600'], orphan: 'kill', ...logs('k') });
    child.pause();
    const exit = await child.kill();
    expect(exit.signal).toBe('SIGKILL');
    expect(child.endedOnPurpose).toBe(true);
    expect(child.running).toBe(false);
  });

  it('tells a missing program in one line', () => {
    const supervisor = new Supervisor();
    supervisors.push(supervisor);
    expect(() => supervisor.spawn({ name: 'ghost', file: '/nonexistent/ghost', args: [], orphan: 'kill', ...logs('g') })).toThrow(
      'cannot start ghost: /nonexistent/ghost does not exist',
    );
  });

  it('leaves no child alive when the harness itself is SIGKILLed, paused ones included', async () => {
    const fixture = new URL('./test-support/orphaning-harness.mjs', import.meta.url).pathname;
    const harness = spawn(process.execPath, [fixture, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: harness.stdout! }).once('line', resolve);
      harness.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    const pids = JSON.parse(line) as Record<'eof' | 'paused' | 'killed', number>;
    await expect.poll(() => processState(pids.paused)).toBe('T');
    for (const pid of Object.values(pids)) expect(processStartTime(pid)).not.toBeNull();
    harness.kill('SIGKILL');
    for (const [name, pid] of Object.entries(pids)) expect(await gone(pid, 5000), `${name} (pid ${pid}) outlived its harness`).toBe(true);
    // The orderly exits (stdin EOF) left their ledger lines unfinished: the next run's sweep finds only files to drop.
    const swept = sweepLeftovers();
    expect(swept.killed).toEqual([]);
  });
});

describe('sweepLeftovers', () => {
  it('kills a dead harness\'s surviving child and removes its leftovers, but never a pid whose start time differs', async () => {
    const runtime = join(dir, 'sweep');
    const child = spawn('/usr/bin/sleep', ['600'], { stdio: 'ignore' });
    const stranger = spawn('/usr/bin/sleep', ['600'], { stdio: 'ignore' });
    try {
      const leftover = join(dir, 'faketime_shm_test');
      writeFileSync(leftover, '');
      // A ledger whose owner (pid 1's real start time is not 1) is not alive.
      const ledgerFile = join(runtime, 'ledger-999999-1-0.jsonl');
      new Ledger(runtime).close();
      const lines = [
        { op: 'start', pid: child.pid, start: processStartTime(child.pid!), name: 'survivor', leftovers: [leftover] },
        { op: 'start', pid: stranger.pid, start: processStartTime(stranger.pid!)! + 1, name: 'reused pid', leftovers: [] },
      ];
      writeFileSync(ledgerFile, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      const report = sweepLeftovers(runtime);
      expect(report.killed).toEqual([`survivor (pid ${child.pid})`]);
      expect(report.removed).toEqual([leftover]);
      expect(await gone(child.pid!, 2000)).toBe(true);
      expect(processStartTime(stranger.pid!)).not.toBeNull();
      expect(existsSync(ledgerFile)).toBe(false);
      expect(readFileSync(join(dir, 'eof.log'), 'utf8')).toBe('');
    } finally {
      child.kill('SIGKILL');
      stranger.kill('SIGKILL');
    }
  });
});
