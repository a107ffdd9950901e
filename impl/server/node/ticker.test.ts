import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { JUMP_MS, MAX_TICKS_PER_POLL, TickClock } from './ticker.js';

describe('TickClock', () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 400 }), fc.constantFrom(0.5, 1, 2, 3)], { seed: 20261208 })(
    'fires exactly the ticks its clock says have passed, whatever the clock\'s rate, while polls come often enough',
    (gaps, rate) => {
      const clock = new TickClock(10, 0);
      let now = 0;
      let ticks = 0;
      for (const gap of gaps) {
        now += gap * rate;
        ticks += clock.advance(now).ticks;
      }
      expect(ticks).toBe(Math.floor(now / 10));
    },
  );

  it('counts the ticks of a steady clock exactly', () => {
    const clock = new TickClock(10, 1000);
    let ticks = 0;
    for (let t = 1005; t <= 2000; t += 5) ticks += clock.advance(t).ticks;
    expect(ticks).toBe(100);
  });

  it('a clock twice as fast ticks twice as often', () => {
    const slow = new TickClock(10, 0);
    const fast = new TickClock(10, 0);
    let a = 0;
    let b = 0;
    for (let real = 5; real <= 1000; real += 5) {
      a += slow.advance(real).ticks;
      b += fast.advance(real * 2).ticks;
    }
    expect(a).toBe(100);
    expect(b).toBe(200);
  });

  it('a jump forward or back is one tick and reported, never a burst', () => {
    const clock = new TickClock(10, 0);
    expect(clock.advance(5)).toEqual({ ticks: 0, jumpMs: null });
    expect(clock.advance(5 + 300_000)).toEqual({ ticks: 1, jumpMs: 300_000 });
    expect(clock.advance(5)).toEqual({ ticks: 1, jumpMs: -300_000 });
    expect(clock.advance(15)).toEqual({ ticks: 1, jumpMs: null });
  });

  it('a stall shorter than a jump fires at most a few ticks at once', () => {
    const clock = new TickClock(10, 0);
    expect(clock.advance(JUMP_MS - 1).ticks).toBe(MAX_TICKS_PER_POLL);
    expect(clock.advance(JUMP_MS + 9).ticks).toBe(1);
  });
});
