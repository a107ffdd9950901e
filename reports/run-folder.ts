/**
 * A run folder (harness/store: `store/<test>/<timestamp>/` with test.json,
 * history.jsonl, results.json, nodes/<id>.log and <id>.stderr.log, toxiproxy.log)
 * read for its report, and `renderRunReport(runDir)`, which writes its report.html.
 *
 * Every file but the history may be missing or partial, as a harness that died
 * mid-run leaves it: without a checker result in results.json, the history is
 * checked here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MalformedHistoryError } from '../checkers/history/errors.js';
import { readHistory, type History } from '../checkers/history/read.js';
import { checkOperations } from '../checkers/linearizable/check.js';
import { isModelName, type ModelSpec } from '../checkers/linearizable/models/index.js';
import { RUN_FILES, type Results, type TestRecord } from '../harness/store/types.js';
import type { NodeLog, TextLog } from './data/prepare.js';
import { writeReport } from './render.js';

/** results.json as a reader finds it: any field may be missing. */
export type RunResults = Partial<Results> & {
  /** Why the run is invalid besides the checker, one line each (optional). */
  readonly findings?: readonly string[];
};

export interface RunFolder {
  readonly dir: string;
  /** The test value (test.json), or null when the file is missing. */
  readonly test: (Partial<TestRecord> & Record<string, unknown>) | null;
  readonly results: RunResults | null;
  readonly history: History;
  /** nodes/<id>.log: the nodes' JSON lines. */
  readonly nodeLogs: NodeLog[];
  /** nodes/<id>.stderr.log and toxiproxy.log, as text. */
  readonly textLogs: TextLog[];
}

export class RunFolderError extends Error {
  override readonly name = 'RunFolderError';
}

export function readRunFolder(dir: string): RunFolder {
  const abs = resolve(dir);
  const historyFile = join(abs, RUN_FILES.history);
  if (!existsSync(historyFile)) throw new RunFolderError(`${abs} is not a run folder: it has no ${RUN_FILES.history}`);
  const nodesDir = join(abs, RUN_FILES.nodes);
  const files = existsSync(nodesDir) ? readdirSync(nodesDir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : [];
  const read = (file: string): string => readFileSync(join(nodesDir, file), 'utf8');
  const nodeLogs = files.filter((f) => f.endsWith('.log') && !f.endsWith(STDERR)).map((f) => ({ node: basename(f, '.log'), text: read(f) }));
  const textLogs = files.filter((f) => f.endsWith(STDERR)).map((f) => textLog(`${basename(f, STDERR)} stderr`, read(f)));
  const toxiproxy = join(abs, RUN_FILES.toxiproxyLog);
  if (existsSync(toxiproxy)) textLogs.push(textLog(RUN_FILES.toxiproxyLog, readFileSync(toxiproxy, 'utf8')));
  return {
    dir: abs,
    test: readJsonObject(join(abs, RUN_FILES.test)),
    results: readJsonObject(join(abs, RUN_FILES.results)) as RunResults | null,
    history: readHistory(historyFile, { format: 'jsonl' }),
    nodeLogs,
    textLogs: textLogs.filter((l) => l.lines.length > 0),
  };
}

const STDERR = '.stderr.log';

function textLog(name: string, text: string): TextLog {
  return { name, lines: text.split('\n').filter((l) => l !== '') };
}

function readJsonObject(file: string): (Record<string, unknown> & Partial<TestRecord>) | null {
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
  const name = run.test?.name;
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
  if (run.results?.stopped !== undefined) warnings.push(`the run stopped early: ${run.results.stopped}`);
  const startedAtMs = run.test?.startedAtMs;
  const replay = run.results?.replay ?? findField(run.test, 'replay') ?? findField(run.test, 'command');
  const seed = findField(run.test, 'seed');
  return writeReport(join(run.dir, RUN_FILES.report), {
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
    textLogs: run.textLogs,
    warnings,
  });
}
