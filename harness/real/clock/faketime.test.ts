import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../checkers/history/test-support/files.js';
import { FakeClock, faketimeLeftovers, LIBFAKETIME_HOWTO, locateLibfaketime } from './faketime.js';

describe('FakeClock', () => {
  const file = (): string => join(tempDir('clock'), 'n1.faketime');

  it('writes bumps as offsets, keeping the rate', () => {
    const clock = new FakeClock('/lib.so', file());
    clock.processStarting(1000);
    clock.bump(-2500, 2000);
    expect(readFileSync(clock.file, 'utf8')).toBe('-2.500 x1\n');
    expect(clock.skewAt(9000)).toBe(-2500);
  });

  it('starts a drift from the current reading: the offset cancels the rate applied since the process started', () => {
    const clock = new FakeClock('/lib.so', file());
    clock.processStarting(0);
    clock.drift(2, 10_000);
    // libfaketime reads start + (now − start)·2 + offset = now + (now − 10 s) when offset = −10 s.
    expect(clock.spec()).toBe('-10.000 x2');
    expect(clock.skewAt(10_000)).toBe(0);
    expect(clock.skewAt(11_000)).toBe(1000);
    clock.bump(500, 11_000);
    expect(clock.skewAt(12_000)).toBe(2500);
    const [offset, rate] = clock.spec().split(' ');
    // At t = 12 s: start 0 + 12 s·2 + offset must read 12 s + 2.5 s.
    expect(24_000 + Number(offset) * 1000).toBe(14_500);
    expect(rate).toBe('x2');
  });

  it('keeps the skew across a restart of the process', () => {
    const clock = new FakeClock('/lib.so', file());
    clock.processStarting(0);
    clock.drift(0.5, 0);
    clock.processStarting(4000);
    expect(clock.skewAt(4000)).toBe(-2000);
    expect(clock.spec()).toBe('-2.000 x0.5');
  });

  it('resets to +0 x1', () => {
    const clock = new FakeClock('/lib.so', file());
    clock.drift(3);
    clock.reset();
    expect(readFileSync(clock.file, 'utf8')).toBe('+0.000 x1\n');
  });

  it('preloads only the realtime clock, reading the file on every call', () => {
    expect(new FakeClock('/lib.so', file()).env()).toMatchObject({ LD_PRELOAD: '/lib.so', FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' });
  });
});

describe('libfaketime', () => {
  it('is found, or missing in one line', () => {
    expect(() => locateLibfaketime({ FAULTLINE_LIBFAKETIME: '/nonexistent.so' })).toThrow(LIBFAKETIME_HOWTO);
  });

  it('names the shared-memory files a process leaves behind', () => {
    expect(faketimeLeftovers(42)).toEqual(['/dev/shm/faketime_shm_42', '/dev/shm/sem.faketime_sem_42']);
  });
});
