/**
 * Starts processes and guarantees they end: whatever ends the harness — success,
 * failure, an exception, SIGINT, SIGTERM — every process it started is ended, and
 * only those. When the harness is SIGKILLed, its children notice by themselves: each
 * is exec'd through `setpriv --pdeathsig`, so the kernel signals it when the harness
 * dies (SIGKILL, or for a process that exits on stdin EOF, SIGCONT so that a paused
 * one wakes up to see its stdin close). The ledger lets the next run sweep whatever
 * still remains.
 */
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { execa } from 'execa';
import { Ledger } from './ledger.js';

const SETPRIV = '/usr/bin/setpriv';

export interface ProcessSpec {
  /** For messages and the ledger: "node n1", "toxiproxy". */
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
  /** Added to the harness's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Files the process's stdout and stderr are appended to (the child writes them directly). */
  readonly stdoutPath: string;
  readonly stderrPath: string;
  /**
   * How the process ends when the harness dies: `stdin-eof` — it exits by itself when
   * its stdin closes (e.g. `faultline node --exit-on-stdin-close`); `kill` — the kernel
   * SIGKILLs it; `survive` — it does not (`--leave-running`).
   */
  readonly orphan: Orphan;
  /** Files the process leaves behind when it dies unclean, given its pid (removed once it has exited). */
  readonly leftovers?: (pid: number) => readonly string[];
}

export type Orphan = 'stdin-eof' | 'kill' | 'survive';

export interface Exit {
  readonly code: number | null;
  readonly signal: string | null;
}

/** A process the supervisor started; signalled only while it has not exited. */
export class Supervised {
  private exitInfo: Exit | null = null;
  private stopped = false;
  paused = false;
  readonly exited: Promise<Exit>;

  constructor(
    readonly spec: ProcessSpec,
    readonly pid: number,
    private readonly child: Child,
    onExit: (exit: Exit) => void,
  ) {
    this.exited = child.then((result) => {
      const exit: Exit = { code: result.exitCode ?? null, signal: result.signal ?? null };
      this.exitInfo = exit;
      onExit(exit);
      return exit;
    });
  }

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return this.exitInfo === null;
  }

  /** Whether the harness asked it to end (a kill, a stop) rather than it ending by itself. */
  get endedOnPurpose(): boolean {
    return this.stopped;
  }

  get exit(): Exit | null {
    return this.exitInfo;
  }

  pause(): void {
    if (this.signal('SIGSTOP')) this.paused = true;
  }

  resume(): void {
    if (this.signal('SIGCONT')) this.paused = false;
  }

  /** SIGKILL (a paused process is continued first), and wait until it has exited. */
  async kill(): Promise<Exit> {
    this.killNow();
    return this.exited;
  }

  /** Asks it to end (stdin EOF or SIGTERM), then SIGKILLs it after `graceMs`. */
  async stop(graceMs: number): Promise<Exit> {
    if (!this.running) return this.exited;
    this.stopped = true;
    if (this.paused) this.resume();
    if (this.spec.orphan === 'stdin-eof') this.child.stdin?.end();
    else this.signal('SIGTERM');
    const timer = setTimeout(() => this.killNow(), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** Lets the harness exit while this process runs on (--leave-running). */
  detach(): void {
    this.child.unref();
    this.child.stdin?.destroy();
  }

  /** SIGKILL, synchronously (usable from an 'exit' handler); a paused process is continued first. */
  killNow(): void {
    this.stopped = true;
    if (this.paused) this.signal('SIGCONT');
    this.signal('SIGKILL');
  }

  /** Signals this process only while it has not exited (its pid cannot have been reused). */
  private signal(signal: NodeJS.Signals): boolean {
    if (!this.running) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

const live = new Set<Supervisor>();

/** Kills, synchronously, every process of every supervisor in this harness. */
export function killEverythingNow(): void {
  for (const supervisor of live) supervisor.killAllNow();
}
let exitHookInstalled = false;

/** The harness is exiting (normally or by an uncaught exception): kill what is left, synchronously. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killEverythingNow);
}

export class SpawnError extends Error {
  override readonly name = 'SpawnError';
}

export class Supervisor {
  private readonly children = new Set<Supervised>();
  private readonly ledger: Ledger;

  constructor(ledger: Ledger = new Ledger()) {
    this.ledger = ledger;
    installExitHook();
    live.add(this);
  }

  /** Every process started and not yet exited. */
  get running(): readonly Supervised[] {
    return [...this.children].filter((c) => c.running);
  }

  spawn(spec: ProcessSpec): Supervised {
    if (!existsSync(spec.file)) throw new SpawnError(`cannot start ${spec.name}: ${spec.file} does not exist`);
    const stdout = openSync(spec.stdoutPath, 'a');
    const stderr = spec.stderrPath === spec.stdoutPath ? stdout : openSync(spec.stderrPath, 'a');
    let child: Child;
    try {
      child = spawnChild(spec, stdout, stderr);
    } finally {
      closeSync(stdout);
      if (stderr !== stdout) closeSync(stderr);
    }
    const pid = child.pid;
    if (pid === undefined) {
      // execa reports the spawn error through the promise; wait for its message.
      throw new SpawnError(`cannot start ${spec.name} (${spec.file})`);
    }
    const leftovers = spec.leftovers?.(pid) ?? [];
    this.ledger.started(pid, spec.name, leftovers);
    // The harness writes nothing to stdin; a closed pipe must not crash it.
    child.stdin?.on('error', () => {});
    const supervised = new Supervised(spec, pid, child, () => {
      for (const file of leftovers) rmSync(file, { force: true });
      this.ledger.ended(pid);
    });
    this.children.add(supervised);
    return supervised;
  }

  /** Ends every running process (stop, then SIGKILL after `graceMs`) and waits for all. */
  async stopAll(graceMs = 2000): Promise<void> {
    await Promise.all(this.running.map((c) => c.stop(graceMs)));
  }

  killAllNow(): void {
    for (const child of this.running) child.killNow();
  }

  /**
   * Forgets every child without ending it (their pipes and parent-death signals stay:
   * only the caller's own exit ends them then, unless they ignore it) and drops the
   * ledger, so that no later sweep ends them.
   */
  abandon(): void {
    live.delete(this);
    for (const child of this.children) child.detach();
    this.children.clear();
    this.ledger.close();
  }

  /** Ends everything and forgets this supervisor; its ledger goes once nothing is left to sweep. */
  async close(graceMs = 2000): Promise<void> {
    await this.stopAll(graceMs);
    live.delete(this);
    this.ledger.close();
  }
}

function spawnChild(spec: ProcessSpec, stdout: number, stderr: number) {
  const [file, args] = withDeathSignal(spec);
  return execa(file, args, {
    stdin: spec.orphan === 'survive' ? 'ignore' : 'pipe',
    // A descriptor goes straight to spawn(): the child writes its log itself, with no pipe
    // through the harness to break when the harness dies. (execa's types list only 3–9.)
    stdout: stdout as FileDescriptor,
    stderr: stderr as FileDescriptor,
    env: spec.env,
    cwd: spec.cwd,
    // Its own session: a Ctrl-C at the terminal reaches the harness, which ends its children itself.
    detached: true,
    cleanup: false,
    reject: false,
    buffer: false,
  });
}

type Child = ReturnType<typeof spawnChild>;
type FileDescriptor = 3;

function withDeathSignal(spec: ProcessSpec): [string, string[]] {
  if (spec.orphan === 'survive' || !existsSync(SETPRIV)) return [spec.file, [...spec.args]];
  const signal = spec.orphan === 'kill' ? 'KILL' : 'CONT';
  return [SETPRIV, ['--pdeathsig', signal, '--', spec.file, ...spec.args]];
}
