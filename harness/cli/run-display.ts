/**
 * What `faultline run` shows while it runs: on a terminal, a live block redrawn in
 * place (log-update) — phase, elapsed and remaining time, operations and their
 * outcomes, faults in force; elsewhere (CI logs) a plain line every few seconds.
 */
import { createLogUpdate } from 'log-update';
import type { Progress } from '../real/run.js';

export interface Display {
  progress(progress: Progress): void;
  /** A line that stays (notices, the summary): printed above the live block. */
  line(text: string): void;
  done(): void;
}

const PLAIN_EVERY_MS = 5000;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(0)}s`;
}

export function describeProgress(p: Progress): string {
  const remaining = Math.max(0, p.timeLimitMs - p.elapsedMs);
  const faults = Object.entries(p.faultsInForce).map(([f, n]) => (n > 1 ? `${f}×${n}` : f));
  const { invoked, ok, fail, info } = p.tallies;
  return (
    `${p.phase.padEnd(11)} ${seconds(p.elapsedMs)} elapsed, ${seconds(remaining)} left · ` +
    `${invoked} ops: ${ok} ok, ${fail} fail, ${info} info · ` +
    `faults: ${faults.length === 0 ? 'none in force' : faults.join(', ')} (${p.faultsStarted} so far)`
  );
}

export function createDisplay(stream: NodeJS.WriteStream = process.stdout): Display {
  if (stream.isTTY === true && process.env.CI === undefined) {
    const update = createLogUpdate(stream);
    return {
      progress: (p) => update(describeProgress(p)),
      line: (text) => {
        update.clear();
        stream.write(`${text}\n`);
      },
      done: () => update.done(),
    };
  }
  let last = -Infinity;
  let lastPhase = '';
  return {
    progress: (p) => {
      if (p.elapsedMs - last < PLAIN_EVERY_MS && p.phase === lastPhase) return;
      last = p.elapsedMs;
      lastPhase = p.phase;
      stream.write(`${describeProgress(p)}\n`);
    },
    line: (text) => stream.write(`${text}\n`),
    done: () => {},
  };
}
