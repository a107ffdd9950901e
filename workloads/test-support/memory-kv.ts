/** A linearizable in-memory KvClient for workload tests, with a switch to lose writes. */
import type { KvClient, KvValue, Outcome } from '../../harness/systems/system.js';

export class MemoryKv implements KvClient {
  readonly data = new Map<string, KvValue>();
  /** Every n-th write or successful cas is acknowledged but not applied (0: none). */
  loseEvery = 0;
  private writes = 0;

  async read(key: string): Promise<Outcome> {
    return { type: 'ok', value: this.data.get(key) ?? null };
  }

  async write(key: string, value: KvValue): Promise<Outcome> {
    this.apply(key, value);
    return { type: 'ok', value };
  }

  async cas(key: string, from: KvValue, to: KvValue): Promise<Outcome> {
    if ((this.data.get(key) ?? null) !== from) return { type: 'fail', error: 'cas-mismatch' };
    this.apply(key, to);
    return { type: 'ok', value: to };
  }

  private apply(key: string, value: KvValue): void {
    this.writes++;
    if (this.loseEvery > 0 && this.writes % this.loseEvery === 0) return;
    this.data.set(key, value);
  }
}
