/**
 * Drives Raft's tick from the wall clock. A short timer (libuv, monotonic) polls, and
 * each poll fires the ticks that Date.now() says have passed — so a faked clock rate
 * (libfaketime) is the tick rate. A jump (over JUMP_MS forward, or backward) counts as
 * one tick and is reported; at most MAX_TICKS_PER_POLL fire per poll, so a stalled
 * process (SIGSTOP, a starved CPU) does not fire its missed ticks in a burst. Ticks fire
 * after the event loop's I/O phase, so that heartbeats which arrived during a stall are
 * read before the stall's ticks can time the leader out.
 */
export const JUMP_MS = 1000;
export const MAX_TICKS_PER_POLL = 5;

export interface TickerOptions {
  readonly tickMs: number;
  readonly now?: () => number;
  tick(): void;
  onJump(deltaMs: number): void;
}

/** The pure part: how many ticks a poll that observed `now` should fire. */
export class TickClock {
  private last: number;
  private carry = 0;

  constructor(
    private readonly tickMs: number,
    now: number,
  ) {
    this.last = now;
  }

  advance(now: number): { ticks: number; jumpMs: number | null } {
    const delta = now - this.last;
    this.last = now;
    if (delta < 0 || delta > JUMP_MS) {
      this.carry = 0;
      return { ticks: 1, jumpMs: delta };
    }
    this.carry += delta;
    const due = Math.floor(this.carry / this.tickMs);
    this.carry -= due * this.tickMs;
    const ticks = Math.min(due, MAX_TICKS_PER_POLL);
    if (due > ticks) this.carry = 0;
    return { ticks, jumpMs: null };
  }
}

export class Ticker {
  private timer: NodeJS.Timeout | null = null;
  /** Ticks fired since start. */
  fired = 0;
  private readonly clock: TickClock;
  private readonly now: () => number;

  constructor(private readonly options: TickerOptions) {
    this.now = options.now ?? Date.now;
    this.clock = new TickClock(options.tickMs, this.now());
  }

  start(): void {
    const pollMs = Math.max(1, this.options.tickMs);
    this.timer = setInterval(() => this.poll(), pollMs);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private poll(): void {
    const { ticks, jumpMs } = this.clock.advance(this.now());
    if (jumpMs !== null) this.options.onJump(jumpMs);
    if (ticks === 0) return;
    setImmediate(() => {
      if (this.timer === null) return;
      for (let i = 0; i < ticks; i++) this.options.tick();
      this.fired += ticks;
    });
  }
}
