import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../checkers/history/test-support/files.js';
import { scheduleFromSeed } from '../faults/arbitrary.js';
import { parseSchedule } from '../faults/schedule-json.js';
import { defineTest } from '../library/define.js';
import { failureMessage } from '../library/failure.js';
import { simCase, simShape, simulate } from '../library/simulate.js';
import { etcdSystem, faultlineSystem } from '../library/systems.js';
import { chaosTest, folderName } from './chaos-test.js';
import { simulatedRun, type RunFailure } from './runs.js';

chaosTest('our store stays valid in the simulator under partitions and kills', {
  system: faultlineSystem(),
  nemesis: ['partition', 'kill'],
  runs: 4,
  simulate: true,
  ops: 200,
  seed: 20261130,
  store: tempDir('chaos-valid'),
});

describe('chaosTest', () => {
  it('names run folders safely', () => {
    expect(folderName('register survives partitions')).toBe('register-survives-partitions');
    expect(folderName('  ../x y/')).toBe('x-y');
    expect(folderName('latest')).toBe('chaos-test');
  });

  it('refuses to simulate a system the simulator cannot run, before any run', () => {
    expect(() => chaosTest('x', { system: etcdSystem(), simulate: true })).toThrow(/simulator runs faultline's own store only/);
  });

  it('shrinks a failing simulated run and says what a person needs: seed, sizes, schedule, counterexample, replay, report', async () => {
    const store = tempDir('chaos-failing');
    const test = defineTest({ system: faultlineSystem({ bugs: ['no-dedup'] }), nemeses: ['kill'], store, name: 'no-dedup', seed: 0 });
    let failure: RunFailure | null = null;
    for (let seed = 1; failure === null && seed <= 40; seed++) failure = await simulatedRun(test, simCase(scheduleFromSeed(seed, simShape(test)), seed, 300), 120);
    expect(failure, 'no-dedup was not caught in 40 simulated runs').not.toBeNull();
    const f = failure!;
    expect(f.shrink!.after.faults).toBeLessThanOrEqual(f.shrink!.before.faults);
    expect(f.shrink!.after.length).toBeLessThanOrEqual(300);
    const message = failureMessage({ ...f, test: 'no-dedup survives kills', run: 3, runs: 20, seed: 42, path: '2', rerun: 'FAULTLINE_SEED=42 FAULTLINE_PATH=2 npx vitest run' });
    expect(message).toContain('no-dedup survives kills: run 3 of 20 failed (seed 42, path 2');
    expect(message).toMatch(/shrunk from \d+ faults? \(\d+ ms in all\), 300 ops to \d+ faults?/);
    expect(message).toContain(f.reason);
    expect(message).toContain(`replay: faultline sim --schedule `);
    expect(message).toContain(`report: ${f.report}`);
    expect(existsSync(f.report)).toBe(true);
    // The replay command's schedule, seed and ops fail again the same way.
    const [, file, seed, ops] = /--schedule (\S+) --seed (\d+) --ops (\d+)/.exec(f.replay)!;
    const replayed = await simulate(test, { schedule: parseSchedule(readFileSync(file!, 'utf8'), file!), seed: Number(seed), length: Number(ops) });
    expect(replayed.verdict.reason).toBe(f.reason);
    if (f.check?.counterexample !== undefined) expect(message).toContain('counterexample:');
  });
});
