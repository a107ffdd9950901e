/**
 * Follows the nodes' logs of a run (`nodes/<id>.log`, appended to by every incarnation
 * of a node) and feeds each complete line, once, to a sink: the system's log checker
 * (while the run goes on, `--fail-fast`, and once more at its end for the rest), or the
 * leadership feed that leader churn strikes from.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NodeLogChecker } from '../systems/system.js';

/** Takes a node's log lines, one complete line at a time. */
export type LineSink = Pick<NodeLogChecker, 'line'>;

const STDERR = '.stderr.log';
const CHUNK = 1 << 20;

interface Followed {
  offset: number;
  /** The bytes after the last newline so far (a line still being written). */
  partial: Buffer;
}

export class NodeLogTail<S extends LineSink = NodeLogChecker> {
  private readonly followed = new Map<string, Followed>();

  constructor(
    /** The run's `nodes/` folder. */
    private readonly dir: string,
    readonly sink: S,
  ) {}

  /** Feeds what every node's log gained since the last call to the sink; returns the sink. */
  poll(): S {
    if (!existsSync(this.dir)) return this.sink;
    for (const file of readdirSync(this.dir)) {
      if (!file.endsWith('.log') || file.endsWith(STDERR)) continue;
      this.follow(basename(file, '.log'), join(this.dir, file));
    }
    return this.sink;
  }

  private follow(node: string, path: string): void {
    let state = this.followed.get(node);
    if (state === undefined) {
      state = { offset: 0, partial: Buffer.alloc(0) };
      this.followed.set(node, state);
    }
    const size = statSync(path).size;
    if (size <= state.offset) return;
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(Math.min(CHUNK, size - state.offset));
      while (state.offset < size) {
        const read = readSync(fd, buffer, 0, Math.min(buffer.length, size - state.offset), state.offset);
        if (read === 0) break;
        state.offset += read;
        this.feed(node, state, buffer.subarray(0, read));
      }
    } finally {
      closeSync(fd);
    }
  }

  private feed(node: string, state: Followed, bytes: Buffer): void {
    let data = state.partial.length === 0 ? bytes : Buffer.concat([state.partial, bytes]);
    for (let newline = data.indexOf(10); newline !== -1; newline = data.indexOf(10)) {
      const line = data.subarray(0, newline).toString('utf8');
      data = data.subarray(newline + 1);
      if (line.trim() !== '') this.sink.line(node, line);
    }
    state.partial = Buffer.from(data);
  }
}
