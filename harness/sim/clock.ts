/**
 * A simulated node's own clock: the run's virtual time seen through an offset and a
 * rate, as libfaketime skews a real node's. The node's tick loop runs on it, so its
 * election timeouts, heartbeats and lease checks all see the skew.
 */
export class SimClock {
  /** local = anchorLocal + rate · (true − anchorTrue) */
  private anchorTrue = 0;
  private anchorLocal = 0;
  private rate = 1;

  /** What this clock reads at true time `trueMs`. */
  read(trueMs: number): number {
    return this.anchorLocal + this.rate * (trueMs - this.anchorTrue);
  }

  /** The true time at which this clock reads `localMs` (now, if it already has). */
  trueTimeOf(localMs: number, trueNow: number): number {
    return Math.max(trueNow, this.anchorTrue + (localMs - this.anchorLocal) / this.rate);
  }

  get skewed(): boolean {
    return this.rate !== 1 || this.anchorLocal !== this.anchorTrue;
  }

  /** Sets the clock to read `offsetMs` ahead of true time from now on, at `rate`. */
  set(trueNow: number, offsetMs: number, rate: number): void {
    this.anchorTrue = trueNow;
    this.anchorLocal = trueNow + offsetMs;
    this.rate = rate;
  }

  /** Jumps by `deltaMs`, keeping the rate. */
  jump(trueNow: number, deltaMs: number): void {
    this.set(trueNow, this.read(trueNow) - trueNow + deltaMs, this.rate);
  }

  /** Runs at `rate` from now on, from what it reads now. */
  setRate(trueNow: number, rate: number): void {
    this.set(trueNow, this.read(trueNow) - trueNow, rate);
  }

  reset(trueNow: number): void {
    this.set(trueNow, 0, 1);
  }
}
