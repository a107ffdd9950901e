/**
 * A run's folder in the store: `<store>/<test>/<timestamp>/` with the files of
 * types.ts, and `<store>/latest` linking the newest run. Files are written whole
 * (test.json, results.json) or streamed (history.jsonl, the logs).
 */
import { existsSync, mkdirSync, readlinkSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { HistoryWriter } from '../../checkers/history/jsonl.js';
import { RUN_FILES, type Results, type TestRecord } from './types.js';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function isSafeTestName(name: string): boolean {
  return SAFE_NAME.test(name) && name !== 'latest';
}

/** `20261130T002631.350Z`: sorts as time does and is safe in a path. */
export function runTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '');
}

export class RunFolder {
  private constructor(
    readonly store: string,
    readonly dir: string,
  ) {}

  /** Makes a new, empty run folder (a suffix keeps two runs of one millisecond apart). */
  static create(store: string, test: string, startedAt: Date): RunFolder {
    if (!isSafeTestName(test)) throw new Error(`test name "${test}" is not a safe folder name`);
    const root = resolve(store);
    const base = join(root, test, runTimestamp(startedAt));
    let dir = base;
    for (let n = 2; existsSync(dir); n++) dir = `${base}-${n}`;
    mkdirSync(join(dir, RUN_FILES.nodes), { recursive: true });
    return new RunFolder(root, dir);
  }

  /** An existing run folder, e.g. to write results of a history recorded earlier. */
  static open(dir: string): RunFolder {
    const abs = resolve(dir);
    return new RunFolder(resolve(abs, '..', '..'), abs);
  }

  get historyPath(): string {
    return join(this.dir, RUN_FILES.history);
  }

  get toxiproxyLogPath(): string {
    return join(this.dir, RUN_FILES.toxiproxyLog);
  }

  get reportPath(): string {
    return join(this.dir, RUN_FILES.report);
  }

  nodeLogPath(node: string): string {
    return join(this.dir, RUN_FILES.nodes, `${node}.log`);
  }

  /** Where a node's stderr goes (crash traces), beside its JSON log. */
  nodeStderrPath(node: string): string {
    return join(this.dir, RUN_FILES.nodes, `${node}.stderr.log`);
  }

  /** A node's libfaketime timestamp file. */
  nodeClockPath(node: string): string {
    return join(this.dir, RUN_FILES.nodes, `${node}.faketime`);
  }

  /** A node's data directory: inside the run, so that a run can be inspected afterwards. */
  nodeDataDir(node: string): string {
    return join(this.dir, 'data', node);
  }

  writeTest(record: TestRecord): void {
    writeJson(join(this.dir, RUN_FILES.test), record);
  }

  /** The history, streamed: every event reaches the file as it is appended. */
  openHistory(): HistoryWriter {
    return new HistoryWriter(this.historyPath);
  }

  writeResults(results: Results): void {
    writeJson(join(this.dir, RUN_FILES.results), results);
  }

  /** Points `<store>/latest` at this run (replacing the link atomically). */
  markLatest(): void {
    const link = join(this.store, 'latest');
    const temp = `${link}.${process.pid}.tmp`;
    symlinkSync(relative(this.store, this.dir), temp);
    renameSync(temp, link);
  }
}

/** The run `<store>/latest` points at, or null. */
export function latestRun(store: string): string | null {
  try {
    return resolve(store, readlinkSync(join(store, 'latest')));
  } catch {
    return null;
  }
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
