/**
 * Runs partition batches on worker threads. Workers need compiled JavaScript: under a
 * TypeScript loader (vitest) the worker file is looked up in dist/, and when there is
 * none the caller falls back to checking in-process.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import type { PartitionOutcome, PartitionTask } from './partition-task.js';

export function compiledWorkerFile(): string | null {
  const here = fileURLToPath(import.meta.url);
  const candidates = here.endsWith('.ts')
    ? [here.replace(/([\\/])checkers([\\/]linearizable[\\/])pool\.ts$/, '$1dist$1checkers$2worker.js')]
    : [here.replace(/pool\.js$/, 'worker.js')];
  return candidates.find((file) => existsSync(file)) ?? null;
}

/**
 * Runs every task; as soon as one reports a non-valid partition the others are
 * cancelled. Returns the outcomes of the tasks that finished.
 */
export async function runOnWorkers(
  workerFile: string,
  tasks: readonly PartitionTask[],
  threads: number,
): Promise<PartitionOutcome[]> {
  const pool = new Tinypool({ filename: workerFile, minThreads: threads, maxThreads: threads, isolateWorkers: false });
  const cancel = new AbortController();
  const outcomes: PartitionOutcome[] = [];
  try {
    await Promise.all(
      tasks.map(async (task) => {
        try {
          const done: PartitionOutcome[] = await pool.run(task, { signal: cancel.signal });
          outcomes.push(...done);
          if (done.some((o) => o.kind !== 'valid')) cancel.abort();
        } catch (error) {
          if (!cancel.signal.aborted) throw error;
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
  return outcomes;
}
