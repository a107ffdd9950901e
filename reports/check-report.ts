/** The report of `faultline check FILE --report OUT.html`: any history check reads (JSONL, Jepsen EDN, Porcupine logs). */
import { basename, resolve } from 'node:path';
import type { History } from '../checkers/history/read.js';
import type { ModelSpec } from '../checkers/linearizable/models/index.js';
import type { CheckResult } from '../checkers/linearizable/result.js';
import { shellQuote } from './shell.js';
import { writeReport } from './render.js';

export function writeCheckReport(path: string, history: History, spec: ModelSpec, result: CheckResult): string {
  const file = resolve(history.file);
  const replay = ['faultline', 'check', file, '--format', history.format, '--model', spec.name];
  if (spec.initial !== undefined) replay.push('--initial', JSON.stringify(spec.initial));
  return writeReport(path, {
    title: basename(history.file),
    source: file,
    events: history.events,
    check: result,
    config: { history: file, format: history.format, model: spec.name, initial: spec.initial ?? null, events: history.events.length },
    replay: replay.map(shellQuote).join(' '),
    warnings: history.warnings,
  });
}
