/**
 * A node's clock under libfaketime: the library is preloaded into the node and reads
 * the node's own timestamp file on every clock call (FAKETIME_NO_CACHE=1), so the
 * harness moves the node's wall clock while it runs by rewriting that file. Only
 * CLOCK_REALTIME is faked (FAKETIME_DONT_FAKE_MONOTONIC=1): Node's timers stay real,
 * and the node's tick driver follows Date.now() (docs/node.md).
 *
 * libfaketime applies a rate from the process's start, not from the moment it is
 * written: its clock reads start + (now − start)·rate + offset. A rate written
 * mid-run alone would jump the clock by (rate − 1)·uptime, so the offset written with
 * it cancels that jump and the drift starts from the current reading.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { SetupError } from '../errors.js';

const CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
  '/usr/local/lib/faketime/libfaketime.so.1',
];

export const LIBFAKETIME_HOWTO =
  'no libfaketime for the clock nemesis: run `bash scripts/install.sh` (or `sudo apt-get install libfaketime`), set FAULTLINE_LIBFAKETIME to libfaketime.so.1, or leave clock out of --nemesis';

export function locateLibfaketime(env: NodeJS.ProcessEnv = process.env): string {
  const named = env.FAULTLINE_LIBFAKETIME;
  if (named !== undefined && named !== '') {
    if (existsSync(named)) return named;
    throw new SetupError(`FAULTLINE_LIBFAKETIME=${named} does not exist; ${LIBFAKETIME_HOWTO}`);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found === undefined) throw new SetupError(LIBFAKETIME_HOWTO);
  return found;
}

/** Shared-memory files libfaketime creates per process and leaves behind when the process is SIGKILLed. */
export function faketimeLeftovers(pid: number): string[] {
  return [`/dev/shm/faketime_shm_${pid}`, `/dev/shm/sem.faketime_sem_${pid}`];
}

/** One node's faked wall clock: a skew that may grow at a rate. */
export class FakeClock {
  /** Skew (fake − real, ms) at `since`, and how fast the fake clock runs from then on. */
  private skewMs = 0;
  private rate = 1;
  private since = Date.now();
  /** When the running process's libfaketime started counting (the harness's Date.now()). */
  private processStart = Date.now();

  constructor(
    readonly library: string,
    readonly file: string,
  ) {
    this.write();
  }

  /** The environment that preloads libfaketime into a process reading this clock. */
  env(): Record<string, string> {
    return {
      LD_PRELOAD: this.library,
      FAKETIME_TIMESTAMP_FILE: this.file,
      FAKETIME_NO_CACHE: '1',
      FAKETIME_DONT_FAKE_MONOTONIC: '1',
    };
  }

  /** Call just before (re)starting the process: its libfaketime counts from now, and keeps the current skew. */
  processStarting(now = Date.now()): void {
    this.skewMs = this.skewAt(now);
    this.since = now;
    this.processStart = now;
    this.write();
  }

  /** What the node's clock should read minus the real time, in ms. */
  skewAt(now = Date.now()): number {
    return this.skewMs + (this.rate - 1) * (now - this.since);
  }

  get currentRate(): number {
    return this.rate;
  }

  /** Jumps the clock by `deltaMs` (forward or back), keeping its rate. */
  bump(deltaMs: number, now = Date.now()): void {
    this.skewMs = this.skewAt(now) + deltaMs;
    this.since = now;
    this.write();
  }

  /** From now on the clock runs at `rate` (1 = real speed), continuing from its current reading. */
  drift(rate: number, now = Date.now()): void {
    if (!(rate > 0)) throw new Error(`a clock rate must be positive, got ${rate}`);
    this.skewMs = this.skewAt(now);
    this.since = now;
    this.rate = rate;
    this.write();
  }

  /** Back to the real time at the real rate (libfaketime's rate is sticky until written back as +0 x1). */
  reset(now = Date.now()): void {
    this.skewMs = 0;
    this.rate = 1;
    this.since = now;
    this.write();
  }

  /** The timestamp file's text: libfaketime's clock is start + (now − start)·rate + offset. */
  spec(): string {
    const offsetMs = this.skewMs - (this.rate - 1) * (this.since - this.processStart);
    const sign = offsetMs < 0 ? '-' : '+';
    return `${sign}${(Math.abs(offsetMs) / 1000).toFixed(3)} x${this.rate}`;
  }

  private write(): void {
    writeFileSync(this.file, `${this.spec()}\n`);
  }
}
