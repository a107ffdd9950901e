import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Progress } from '../real/run.js';
import { createDisplay, describeProgress } from './run-display.js';

const progress = (elapsedMs: number, phase: Progress['phase'] = 'running'): Progress => ({
  phase,
  elapsedMs,
  timeLimitMs: 30_000,
  tallies: { invoked: 120, ok: 100, fail: 15, info: 4 },
  faultsInForce: { partition: 1, crash: 2 },
  faultsStarted: 5,
});

describe('the run display', () => {
  it('says the phase, elapsed and remaining time, outcomes and faults in force in one line', () => {
    expect(describeProgress(progress(12_300))).toBe(
      'running     12s elapsed, 18s left · 120 ops: 100 ok, 15 fail, 4 info · faults: partition, crash×2 (5 so far)',
    );
  });

  it('prints plain lines at most every 5 s off a terminal, and at each new phase', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const display = createDisplay(out as unknown as NodeJS.WriteStream);
    for (let ms = 0; ms <= 12_000; ms += 500) display.progress(progress(ms));
    display.progress(progress(12_100, 'checking'));
    display.line('verdict: VALID');
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatch(/^checking/);
    expect(lines[4]).toBe('verdict: VALID');
  });
});
