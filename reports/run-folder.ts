/**
 * A run folder (TEAM.md: `store/<test>/<timestamp>/` with test.json, history.jsonl,
 * results.json, nodes/<id>.log, toxiproxy.log) read for its report, and
 * `renderRunReport(runDir)`, which writes its report.html.
 *
 * This reads the folder by the layout alone, tolerating what a harness that died
 * mid-run leaves behind: no results.json (the history is checked here), no test.json,
 * no logs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MalformedHistoryError } from '../checkers/history/errors.js';
import { readHistory, type History } from '../checkers/history/read.js';
import { checkOperations } from '../checkers/linearizable/check.js';
import { isModelName, type ModelSpec } from '../checkers/linearizable/models/index.js';
import type { CheckResult, Verdict } from '../checkers/linearizable/result.js';
import type { NodeLog } from './data/prepare.js';
import { writeReport } from './render.js';

/** results.json as the harness writes it; every field is optional to a reader. */
export interface RunResults {
  readonly verdict?: Verdict;
  readonly checker?: CheckResult;
  readonly replay?: string;
  /** Why the run is invalid besides the checker, one line each. */
  readonly findings?: readonly string[];
  readonly counts?: Record<string, unknown>;
  readonly latency?: Record<string, unknown>;
}

export interface RunFolder {
  readonly dir: string;
  /** The test value (test.json), or null when the file is missing. */
  readonly test: Record<string, unknown> | null;
  readonly results: RunResults | null;
  readonly history: History;
  readonly nodeLogs: NodeLog[];
  readonly toxiproxyLog: string | null;
}

export class RunFolderError extends Error {
  override readonly name = 'RunFolderError';
}

export function readRunFolder(dir: string): RunFolder {
  const abs = resolve(dir);
  const historyFile = join(abs, 'history.jsonl');
  if (!existsSync(historyFile)) throw new RunFolderError(`${abs} is not a run folder: it has no history.jsonl`);
  const nodesDir = join(abs, 'nodes');
  const nodeLogs = existsSync(nodesDir)
    ? readdirSync(nodesDir)
        .filter((f) => f.endsWith('.log'))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
        .map((f) => ({ node: basename(f, '.log'), text: readFileSync(join(nodesDir, f), 'utf8') }))
    : [];
  const toxiproxy = join(abs, 'toxiproxy.log');
  return {
    dir: abs,
    test: readJsonObject(join(abs, 'test.json')),
    results: readJsonObject(join(abs, 'results.json')) as RunResults | null,
    history: readHistory(historyFile, { format: 'jsonl' }),
    nodeLogs,
    toxiproxyLog: existsSync(toxiproxy) ? readFileSync(toxiproxy, 'utf8') : null,
  };
}

function readJsonObject(file: string): Record<string, unknown> | null {
  if (!existsSync(file)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new MalformedHistoryError(file, 0, `expected JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MalformedHistoryError(file, 0, 'expected a JSON object');
  return value as Record<string, unknown>;
}

/** The model the run's history is checked with, when results.json does not say: test.json's, else the register workload's. */
function modelOf(test: Record<string, unknown> | null): ModelSpec {
  const found = findField(test, 'model');
  if (typeof found === 'string' && isModelName(found)) return { name: found };
  if (found !== null && typeof found === 'object' && 'name' in found && typeof found.name === 'string' && isModelName(found.name)) {
    return { name: found.name, initial: (found as { initial?: unknown }).initial };
  }
  return { name: 'kv', initial: null };
}

/** A field anywhere in the test value (the first found, breadth first). */
export function findField(value: unknown, name: string): unknown {
  const queue: unknown[] = [value];
  while (queue.length > 0) {
    const next = queue.shift();
    if (next === null || typeof next !== 'object') continue;
    if (!Array.isArray(next) && Object.hasOwn(next, name)) return (next as Record<string, unknown>)[name];
    queue.push(...Object.values(next));
  }
  return undefined;
}

/** The test's name: test.json's, else the folder above the timestamp folder. */
export function testName(run: Pick<RunFolder, 'dir' | 'test'>): string {
  const name = run.test?.name ?? run.test?.test;
  return typeof name === 'string' ? name : basename(dirname(run.dir));
}

/** Renders `runDir/report.html` from what the run folder holds; returns its path. */
export async function renderRunReport(runDir: string, options: { timeLimitMs?: number } = {}): Promise<string> {
  const run = readRunFolder(runDir);
  const warnings = [...run.history.warnings];
  let check = run.results?.checker;
  if (check === undefined) {
    warnings.push('results.json has no checker result (the run may have stopped early): the history was checked when this report was made');
    check = await checkOperations(run.history.operations, modelOf(run.test), { timeLimitMs: options.timeLimitMs ?? 60_000 });
  }
  const startedAtMs = run.test?.startedAtMs;
  const replay = run.results?.replay ?? findField(run.test, 'replay') ?? findField(run.test, 'command');
  const seed = findField(run.test, 'seed');
  return writeReport(join(run.dir, 'report.html'), {
    title: `${testName(run)} · ${basename(run.dir)}`,
    source: run.dir,
    events: run.history.events,
    check,
    verdict: run.results?.verdict ?? check.verdict,
    findings: run.results?.findings ?? [],
    config: run.test,
    ...(typeof replay === 'string' ? { replay } : Array.isArray(replay) ? { replay: replay.join(' ') } : {}),
    ...(typeof seed === 'number' || typeof seed === 'string' ? { seed } : {}),
    ...(typeof startedAtMs === 'number' ? { startedAtMs } : {}),
    nodeLogs: run.nodeLogs,
    textLogs: run.toxiproxyLog === null ? [] : [{ name: 'toxiproxy.log', lines: run.toxiproxyLog.split('\n').filter((l) => l !== '') }],
    warnings,
  });
}
