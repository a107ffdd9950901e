/**
 * A ledger of the processes this harness started, kept outside the run (one
 * append-only file per harness process in the runtime folder) so that the next run
 * can finish what a SIGKILLed harness left: end any child still alive — only if its
 * pid still names the very process recorded — and remove files its dead children
 * left behind (libfaketime's shared-memory segments).
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSameProcessAlive, processStartTime } from './proc.js';

type LedgerLine =
  | { readonly op: 'start'; readonly pid: number; readonly start: number; readonly name: string; readonly leftovers: readonly string[] }
  | { readonly op: 'end'; readonly pid: number };

export function runtimeDir(): string {
  return process.env.FAULTLINE_RUNTIME_DIR ?? join(tmpdir(), `faultline-${process.getuid?.() ?? 'user'}`);
}

let ledgers = 0;

export class Ledger {
  readonly path: string;

  constructor(dir = runtimeDir()) {
    mkdirSync(dir, { recursive: true });
    const start = processStartTime(process.pid) ?? 0;
    this.path = join(dir, `ledger-${process.pid}-${start}-${ledgers++}.jsonl`);
  }

  /** Records a child as soon as it is spawned, with the files it leaves behind if it dies unclean. */
  started(pid: number, name: string, leftovers: readonly string[]): void {
    const start = processStartTime(pid);
    if (start === null) return;
    this.append({ op: 'start', pid, start, name, leftovers });
  }

  ended(pid: number): void {
    this.append({ op: 'end', pid });
  }

  /** Called when this harness ends cleanly: nothing of it is left to sweep. */
  close(): void {
    rmSync(this.path, { force: true });
  }

  private append(line: LedgerLine): void {
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
  }
}

export interface SweepReport {
  /** Children of dead harnesses that were still alive, now killed. */
  readonly killed: readonly string[];
  /** Files that dead children left behind, now removed. */
  readonly removed: readonly string[];
}

/**
 * Ends what harnesses that died without cleaning up left behind. A child is
 * signalled only while its pid still has the start time the ledger recorded.
 */
export function sweepLeftovers(dir = runtimeDir()): SweepReport {
  const killed: string[] = [];
  const removed: string[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.startsWith('ledger-') && f.endsWith('.jsonl'));
  } catch {
    return { killed, removed };
  }
  for (const file of files) {
    const match = /^ledger-(\d+)-(\d+)-\d+\.jsonl$/.exec(file);
    if (match === null) continue;
    if (isSameProcessAlive(Number(match[1]), Number(match[2]))) continue;
    const path = join(dir, file);
    for (const child of unfinished(path)) {
      if (isSameProcessAlive(child.pid, child.start)) {
        try {
          process.kill(child.pid, 'SIGCONT');
          process.kill(child.pid, 'SIGKILL');
          killed.push(`${child.name} (pid ${child.pid})`);
        } catch {
          // It ended between the check and the signal.
        }
      }
      for (const leftover of child.leftovers) {
        try {
          rmSync(leftover);
          removed.push(leftover);
        } catch {
          // Already gone.
        }
      }
    }
    rmSync(path, { force: true });
  }
  return { killed, removed };
}

/** Children a ledger recorded as started and not as ended (cleaned up). */
function unfinished(path: string): Array<Extract<LedgerLine, { op: 'start' }>> {
  const children = new Map<number, Extract<LedgerLine, { op: 'start' }>>();
  const ended = new Set<number>();
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    let line: LedgerLine;
    try {
      line = JSON.parse(text) as LedgerLine;
    } catch {
      continue; // A line cut short by the harness's death.
    }
    if (line.op === 'start') {
      children.set(line.pid, line);
      ended.delete(line.pid);
    } else {
      ended.add(line.pid);
    }
  }
  return [...children.values()].filter((c) => !ended.has(c.pid));
}
