/**
 * Porcupine v1.3.0 on the same files: builds bench/porcupine (Go) when its binary is
 * missing or older than its sources, and runs it on a manifest of files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchFile } from './corpus.js';

export interface PorcupineTiming {
  readonly ms: number;
  readonly verdict: 'valid' | 'invalid' | 'unknown';
  readonly parseMs: number;
  /** Peak resident memory of the process: per file when it timed one file alone. */
  readonly maxRssKb: number;
}

/** The binary, or a one-line reason why there is none. */
export function buildPorcupine(root: string): { binary: string } | { reason: string } {
  const dir = join(root, 'bench', 'porcupine');
  const binary = join(dir, 'porcupine-bench');
  const newest = Math.max(...readdirSync(dir).filter((f) => /\.go$|^go\.(mod|sum)$/.test(f)).map((f) => statSync(join(dir, f)).mtimeMs));
  if (existsSync(binary) && statSync(binary).mtimeMs >= newest) return { binary };
  if (spawnSync('go', ['version']).error !== undefined) {
    return { reason: 'Go is not installed, so Porcupine is not timed (install Go 1.21+ to build bench/porcupine)' };
  }
  const built = spawnSync('go', ['build', '-o', 'porcupine-bench', '.'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) return { reason: `go build in bench/porcupine failed: ${(built.stderr || built.stdout).trim().split('\n')[0]}` };
  return { binary };
}

export interface PorcupineRun {
  readonly reps: number;
  readonly minBatchMs: number;
}

/** Times each file; files Porcupine could not read are left out, with a warning. */
export function runPorcupine(binary: string, files: readonly BenchFile[], run: PorcupineRun): Map<string, PorcupineTiming> {
  const manifest = files.map((f) => JSON.stringify({ file: f.path, format: f.format, model: f.model, initial: f.initial })).join('\n');
  const result = spawnSync(binary, ['-reps', String(run.reps), '-min-batch', `${run.minBatchMs}ms`, '-timeout', '60s', '-slow', '5s'], {
    input: manifest,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`porcupine-bench failed: ${result.stderr.trim()}`);
  const byPath = new Map<string, PorcupineTiming>();
  for (const line of result.stdout.split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as PorcupineTiming & { file: string; error?: string };
    if (r.error !== undefined) console.warn(`porcupine could not check ${r.file}: ${r.error}`);
    else byPath.set(r.file, { ms: r.ms, verdict: r.verdict, parseMs: r.parseMs, maxRssKb: r.maxRssKb });
  }
  return byPath;
}
