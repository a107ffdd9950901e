/** Reads a history file of any supported format into events and paired operations. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseEdn } from './edn.js';
import { MalformedHistoryError } from './errors.js';
import { parseJsonl } from './jsonl.js';
import { operationsOf, type ParsedEvents } from './pair.js';
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

type Parser = (file: string, bytes: Uint8Array, warn: (message: string) => void) => ParsedEvents;

const PARSERS: Record<Format, Parser> = {
  jsonl: parseJsonl,
  edn: parseEdn,
  'porcupine-etcd': (file, bytes) => parsePorcupineEtcd(file, utf8(bytes)),
  'porcupine-kv': parsePorcupineKv,
};

export function readHistory(file: string, options: { format?: FormatOption } = {}): History {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new MalformedHistoryError(file, 0, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseHistory(file, bytes, options.format ?? 'auto');
}

/** `text` is the file's content, as text or as its bytes (read as UTF-8). */
export function parseHistory(file: string, text: string | Uint8Array, formatOption: FormatOption = 'auto'): History {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const format = formatOption === 'auto' ? detectFormat(file, typeof text === 'string' ? text : utf8(bytes.subarray(0, DETECT_BYTES))) : formatOption;
  const warnings: string[] = [];
  const { events, lines } = PARSERS[format](file, bytes, (message) => warnings.push(message));
  if (events.length === 0) throw new MalformedHistoryError(file, 0, 'expected at least one event, found none');
  return { file, format, events, lines, operations: operationsOf(file, events, lines), warnings };
}

/** Format detection reads the first content line: it is within this many bytes unless comments or blank lines go on longer. */
const DETECT_BYTES = 1 << 16;

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
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
