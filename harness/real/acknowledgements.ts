/**
 * The moments a system acknowledges a change: the `ok` completion of any operation but
 * a read. A crash that strikes right then puts what was just acknowledged at stake — the
 * moment a durability bug shows — where a crash at a moment drawn blindly often finds a
 * cluster whose last writes are long since on disk.
 */
import type { HistoryEvent } from '../../checkers/history/types.js';

export class Acknowledgements {
  private waiters: Array<() => void> = [];

  /** Give it every history event as it is recorded. */
  observe(event: HistoryEvent): void {
    if (event.type !== 'ok' || event.f === 'read' || typeof event.process !== 'number' || this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves true at the next acknowledged change, or false once `withinMs` passed without one. */
  next(withinMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      }, withinMs);
      const wake = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(wake);
    });
  }
}
