/** Reads a history file of any supported format into events and paired operations. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseEdn } from './edn.js';
import { MalformedHistoryError } from './errors.js';
import { parseJsonl } from './jsonl.js';
import { pairOperations, type SourcedEvent } from './pair.js';
import { parsePorcupineEtcd } from './porcupine-etcd.js';
import { parsePorcupineKv } from './porcupine-kv.js';
import type { HistoryEvent, Operation } from './types.js';

export const FORMATS = ['jsonl', 'edn', 'porcupine-etcd', 'porcupine-kv'] as const;
export type Format = (typeof FORMATS)[number];
export type FormatOption = Format | 'auto';

export function isFormatOption(name: string): name is FormatOption {
  return name === 'auto' || (FORMATS as readonly string[]).includes(name);
}

export interface History {
  readonly file: string;
  readonly format: Format;
  readonly events: readonly HistoryEvent[];
  /** The 1-based line of the file each event starts on, by event position. */
  readonly lines: readonly number[];
  readonly operations: readonly Operation[];
  /** What was read leniently, one line each (e.g. an incomplete last JSONL line). */
  readonly warnings: readonly string[];
}

type Parser = (file: string, text: string, warn: (message: string) => void) => SourcedEvent[];

const PARSERS: Record<Format, Parser> = {
  jsonl: parseJsonl,
  edn: parseEdn,
  'porcupine-etcd': parsePorcupineEtcd,
  'porcupine-kv': parsePorcupineKv,
};

export function readHistory(file: string, options: { format?: FormatOption } = {}): History {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MalformedHistoryError(file, 0, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseHistory(file, text, options.format ?? 'auto');
}

export function parseHistory(file: string, text: string, formatOption: FormatOption = 'auto'): History {
  const format = formatOption === 'auto' ? detectFormat(file, text) : formatOption;
  const warnings: string[] = [];
  const sourced = PARSERS[format](file, text, (message) => warnings.push(message));
  if (sourced.length === 0) throw new MalformedHistoryError(file, 0, 'expected at least one event, found none');
  return {
    file,
    format,
    events: sourced.map((s) => s.event),
    lines: sourced.map((s) => s.line),
    operations: pairOperations(file, sourced),
    warnings,
  };
}

/**
 * A Porcupine etcd line is unmistakable, so content decides first; then the extension
 * (.jsonl/.json, .edn); then the first form: `{"` is JSONL, an EDN map with a :key and
 * :f :get/:put/:append is a Porcupine KV log, any other EDN is a Jepsen history.
 */
export function detectFormat(file: string, text: string): Format {
  const firstLine = firstContentLine(text);
  if (/^\S+\s+jepsen\.util\s+-\s/.test(firstLine)) return 'porcupine-etcd';
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.json') return 'jsonl';
  if (ext === '.edn') return 'edn';
  if (/^\{\s*"/.test(firstLine)) return 'jsonl';
  if (/^\{\s*:/.test(firstLine)) return /:key\s/.test(firstLine) && /:f\s+:(get|put|append)\b/.test(firstLine) ? 'porcupine-kv' : 'edn';
  if (/^[[(#]/.test(firstLine)) return 'edn';
  throw new MalformedHistoryError(
    file,
    0,
    'cannot tell the format: expected JSONL ({"type":…}), Jepsen EDN ({:type …}) or a Porcupine log (INFO jepsen.util - …); pass --format to choose',
  );
}

/** The first line that is neither blank nor an EDN comment, trimmed (without splitting a large file). */
function firstContentLine(text: string): string {
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end).trim();
    if (line !== '' && !line.startsWith(';')) return line;
    if (end === -1) break;
    start = end + 1;
  }
  return '';
}
