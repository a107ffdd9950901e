/**
 * `faultline run` end to end, as a user runs it: real nodes behind a real Toxiproxy,
 * fixed fault schedules (so that each run strikes what it must, whatever the load).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../checkers/history/types.js';
import { tempDir, writeTemp } from '../../checkers/history/test-support/files.js';
import { sweepLeftovers } from '../real/process/ledger.js';
import { processStartTime } from '../real/process/proc.js';
import type { Results } from '../store/types.js';
import { ExitCode } from './exit-codes.js';
import { faultline, FAULTLINE_BIN } from './test-support/faultline.js';

const schedules = tempDir('schedules');

function scheduleFile(name: string, faults: readonly object[], nodes = 3): string {
  return writeTemp(schedules, `${name}.json`, JSON.stringify({ nodes, nemeses: [], faults }));
}

/** One fault of every kind, each in force on its own, over 24 s. */
const EVERY_KIND = scheduleFile('every-kind', [
  { at: 1000, durationMs: 1500, kind: 'isolate', nodes: 'leader' },
  { at: 3000, durationMs: 1500, kind: 'partition', groups: [['n1'], ['n2', 'n3']] },
  { at: 5000, durationMs: 1500, kind: 'grudge', cannotHear: { n1: ['n2'], n2: ['n3'] } },
  { at: 7000, durationMs: 1500, kind: 'crash', nodes: 'leader' },
  { at: 9000, durationMs: 1500, kind: 'pause', nodes: ['n1'] },
  { at: 11000, durationMs: 1500, kind: 'clock', nodes: ['n2'], mode: 'bump', deltaMs: 60000 },
  { at: 11000, durationMs: 1500, kind: 'clock', nodes: ['n3'], mode: 'strobe', deltaMs: 5000, periodMs: 50 },
  { at: 11000, durationMs: 1500, kind: 'clock', nodes: ['n1'], mode: 'drift', rate: 2 },
  { at: 13000, durationMs: 1500, kind: 'latency', nodes: ['n1'], delayMs: 50, jitterMs: 20 },
  { at: 13000, durationMs: 1500, kind: 'latency', nodes: ['n2'], delayMs: 5, jitterMs: 0, bandwidthKBs: 32, sliceBytes: 64, sliceDelayUs: 200 },
  { at: 13000, durationMs: 1500, kind: 'latency', nodes: ['n3'], delayMs: 5, jitterMs: 0, resetAfterMs: 300, resetShare: 0.3 },
  { at: 15000, durationMs: 3000, kind: 'membership', change: { action: 'add' } },
  { at: 19000, durationMs: 2500, kind: 'membership', change: { action: 'remove', node: 'n3' } },
  { at: 22000, durationMs: 1500, kind: 'leader-churn', strikeWithinMs: 200, outageMs: 400 },
]);

/** n3 cut off from the majority for 6 s. */
const ISOLATE_N3 = scheduleFile('isolate-n3', [{ at: 1500, durationMs: 6000, kind: 'isolate', nodes: ['n3'] }]);

/**
 * Twice: the leader's clock slows to a hundredth and the leader is cut off at once (on
 * a slowed clock its heartbeats slow too: any later and the others would elect a new
 * leader first). Its lease, counted in its own ticks, outlasts the 4.5 s cut. Clients
 * bound to it wait out their writes there (2 s) and are replaced: the new ones read
 * there, seconds after the majority elected a new leader and wrote.
 */
const SLOW_LEADER_CUT_OFF = scheduleFile(
  'slow-leader',
  [2000, 9000].flatMap((at) => [
    { at, durationMs: 5000, kind: 'clock', nodes: 'leader', mode: 'drift', rate: 0.01 },
    { at: at + 50, durationMs: 4500, kind: 'isolate', nodes: 'leader' },
  ]),
);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly dir: string;
  readonly results: Results;
  readonly history: HistoryEvent[];
}

async function run(args: readonly string[]): Promise<Run> {
  const store = tempDir('run-store');
  const outcome = await faultline(['run', '--store', store, ...args]);
  expect(outcome.stderr).not.toMatch(/internal error/);
  const dir = realpathSync(join(store, 'latest'));
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
  const history = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEvent);
  return { code: outcome.code, stdout: outcome.stdout, dir, results, history };
}

const nemesisEvents = (history: readonly HistoryEvent[]): HistoryEvent[] => history.filter((e) => e.process === 'nemesis');
const value = (e: HistoryEvent): Record<string, unknown> => e.value as Record<string, unknown>;

describe('faultline run against real processes', () => {
  it('a run with every kind of fault against the correct store is valid, recorded, reported and linked as latest', async () => {
    const r = await run(['--schedule', EVERY_KIND, '--time-limit', '24', '--seed', '11']);
    expect(r.code, r.stdout).toBe(ExitCode.valid);
    expect(r.results.verdict).toBe('valid');
    expect(r.results.counts.ok).toBeGreaterThan(100);
    const events = nemesisEvents(r.history);
    const started = new Set(events.filter((e) => value(e).phase === 'start').map((e) => e.f));
    expect([...started].sort()).toEqual(['clock', 'crash', 'grudge', 'latency', 'leader-churn', 'membership', 'partition', 'pause']);
    // Every fault that started also ended, under the same id.
    const ids = (phase: string): unknown[] => events.filter((e) => value(e).phase === phase).map((e) => value(e).fault).sort();
    expect(ids('end')).toEqual(ids('start'));
    // The node saw its clock jump a minute ahead.
    const bump = events.find((e) => e.f === 'clock' && value(e).phase === 'start' && value(e).mode === 'bump')!;
    expect((value(bump).observedSkewMs as Record<string, number>).n2).toBeGreaterThan(58_000);
    // The final reads are in the history, one per key, after the last fault ended.
    const lastFault = Math.max(...events.map((e) => e.time));
    const finalReads = r.history.filter((e) => e.type === 'ok' && e.f === 'read' && e.time > lastFault);
    expect(new Set(finalReads.map((e) => e.key)).size).toBe(5);
    expect(existsSync(join(r.dir, 'report.html'))).toBe(true);
    expect(readdirSync(join(r.dir, 'nodes')).filter((f) => f.endsWith('.log') && !f.includes('stderr')).sort()).toEqual(['n1.log', 'n2.log', 'n3.log', 'n4.log']);
    expect(r.stdout).toMatch(/verdict: VALID/);
    expect(r.stdout).toMatch(/replay: faultline run --seed 11 /);
  });

  it.each([
    ['--read-mode local', ['--read-mode', 'local']],
    ['--bug stale-read', ['--bug', 'stale-read']],
  ])('the same kind of run with %s is invalid: the cut-off node serves stale reads', async (_name, flags) => {
    // Thirty clients: ten of them talk to n3, and a write there waits for its timeout (2 s), so fewer would leave n3's isolation with no read.
    const r = await run(['--schedule', ISOLATE_N3, '--time-limit', '9', '--concurrency', '30', '--seed', '3', ...flags]);
    expect(r.code, r.stdout).toBe(ExitCode.invalid);
    expect(r.results.checker.counterexample?.op.f).toBe('read');
    expect(r.stdout).toMatch(/verdict: INVALID/);
    expect(r.stdout).toMatch(/not linearizable: key k\d+/);
  });

  it('--read-mode lease is invalid when the leader\'s clock runs slow and it is cut off', async () => {
    const r = await run(['--schedule', SLOW_LEADER_CUT_OFF, '--time-limit', '16', '--concurrency', '30', '--seed', '1', '--read-mode', 'lease']);
    expect(r.code, r.stdout).toBe(ExitCode.invalid);
    const drift = nemesisEvents(r.history).find((e) => e.f === 'clock' && value(e).phase === 'end')!;
    // By the end of the drift the slowed clock was seconds behind.
    expect(Object.values(value(drift).observedSkewMs as Record<string, number>)[0]).toBeLessThan(-2000);
  });

  it('replays a schedule the simulator wrote as a real run', async () => {
    const out = tempDir('sim-out');
    const sim = await faultline(['sim', '--nodes', '3', '--seed', '7', '--schedules', '1', '--ops', '300', '--nemesis', 'partition', 'kill', 'pause', '--out', out]);
    expect(sim.code, sim.stdout + sim.stderr).toBe(ExitCode.valid);
    const file = join(out, 'seed-7', 'schedule.json');
    const schedule = JSON.parse(readFileSync(file, 'utf8')) as { faults: Array<{ kind: string }>; nemeses: string[] };
    const lastEnd = Math.max(...schedule.faults.map((f) => (f as unknown as { at: number; durationMs: number }).at + (f as unknown as { durationMs: number }).durationMs));
    const r = await run(['--schedule', file, '--time-limit', String(Math.ceil(lastEnd / 1000) + 2), '--seed', '7']);
    expect(r.code, r.stdout).toBe(ExitCode.valid);
    const test = JSON.parse(readFileSync(join(r.dir, 'test.json'), 'utf8')) as { schedule: unknown };
    expect(test.schedule).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    // Faults the simulator scheduled struck the real processes (a fault on a leader that was not there yet may be skipped).
    const kinds = new Set(schedule.faults.map((f) => (f.kind === 'isolate' ? 'partition' : f.kind)));
    const struck = nemesisEvents(r.history).filter((e) => value(e).phase === 'start');
    expect(struck.length).toBeGreaterThan(0);
    for (const e of struck) expect(kinds.has(e.f)).toBe(true);
    expect(r.stdout).toMatch(new RegExp(`replay: faultline run --seed 7 .*--schedule ${file}`));
  });

  it('--test-count runs consecutive seeds, each its own run folder, and exits with the worst verdict', async () => {
    const store = tempDir('count-store');
    const outcome = await faultline(['run', '--store', store, '--test-count', '2', '--seed', '40', '--time-limit', '3', '--nemesis', 'none', '--read-mode', 'local', '--concurrency', '8', '--keys', '1']);
    expect(outcome.stdout).toMatch(/seed 40 \(1\/2\)/);
    expect(outcome.stdout).toMatch(/seed 41 \(2\/2\)/);
    expect(readdirSync(join(store, 'faultline-register')).filter((f) => f !== 'latest')).toHaveLength(2);
    const verdicts = [...outcome.stdout.matchAll(/verdict: (\w+)/g)].map((m) => m[1]);
    expect(verdicts).toHaveLength(2);
    expect(outcome.code).toBe(verdicts.includes('INVALID') ? ExitCode.invalid : ExitCode.valid);
  });

  it('--leave-running leaves the nodes and Toxiproxy up, and says where they are', async () => {
    const store = tempDir('left-store');
    const outcome = await faultline(['run', '--store', store, '--time-limit', '2', '--nemesis', 'none', '--leave-running', '--seed', '1']);
    const pids = [...outcome.stdout.matchAll(/pid (\d+)/g)].map((m) => Number(m[1]));
    try {
      expect(outcome.code, outcome.stdout + outcome.stderr).toBe(ExitCode.valid);
      expect(pids).toHaveLength(4);
      for (const pid of pids) expect(processStartTime(pid), `pid ${pid}`).not.toBeNull();
      const client = /clients via (127\.0\.0\.1:\d+)/.exec(outcome.stdout)![1];
      const answer = await fetch(`http://${client}/kv/k0`);
      expect(answer.status).toBe(200);
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGKILL');
    }
  });

  it('a run SIGKILLed half-way leaves no process alive and a history that faultline check reads', async () => {
    const store = tempDir('killed-store');
    const runtime = tempDir('killed-runtime');
    const harness = spawn(process.execPath, [FAULTLINE_BIN, 'run', '--store', store, '--time-limit', '60', '--nemesis', 'pause,clock,kill', '--nemesis-interval', '1', '--seed', '5'], {
      env: { ...process.env, FAULTLINE_RUNTIME_DIR: runtime },
      stdio: 'ignore',
    });
    const history = (): string => {
      try {
        return readFileSync(join(realpathSync(join(store, 'latest')), 'history.jsonl'), 'utf8');
      } catch {
        return '';
      }
    };
    // Half-way: ops are flowing and faults have struck.
    await expect.poll(() => history().split('\n').length > 300 && history().includes('"nemesis"'), { timeout: 60_000, interval: 200 }).toBe(true);
    const ledger = readdirSync(runtime).find((f) => f.startsWith('ledger-'))!;
    const children = readFileSync(join(runtime, ledger), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { op: string; pid: number; name: string });
    const pids = children.filter((c) => c.op === 'start').map((c) => c.pid);
    expect(children.some((c) => c.name === 'toxiproxy')).toBe(true);
    harness.kill('SIGKILL');
    for (const pid of pids) await expect.poll(() => processStartTime(pid), { timeout: 10_000, interval: 100 }).toBeNull();
    // A later run finds nothing of it alive to end.
    expect(sweepLeftovers(runtime).killed).toEqual([]);
    const check = await faultline(['check', join(realpathSync(join(store, 'latest')), 'history.jsonl')]);
    expect([ExitCode.valid, ExitCode.invalid], check.stdout + check.stderr).toContain(check.code);
    expect(check.stdout).toMatch(/valid|linearizable/i);
  });
});
