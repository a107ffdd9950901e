/**
 * SIGINT and SIGTERM: the first asks the run to wind down (heal, stop the nodes, check
 * what was recorded); a second one, or a run that does not wind down in time, kills
 * every child at once and exits.
 */
import { killEverythingNow } from './supervisor.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const EXIT_CODE: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143 };

/** Installs the handlers; returns a function that removes them. */
export function onInterrupt(windDown: (signal: NodeJS.Signals) => void, forceAfterMs = 15_000): () => void {
  let received = false;
  const handler = (signal: NodeJS.Signals): void => {
    const code = EXIT_CODE[signal as (typeof SIGNALS)[number]] ?? 130;
    if (received) {
      killEverythingNow();
      process.exit(code);
    }
    received = true;
    setTimeout(() => {
      killEverythingNow();
      process.exit(code);
    }, forceAfterMs).unref();
    windDown(signal);
  };
  for (const signal of SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of SIGNALS) process.off(signal, handler);
  };
}
