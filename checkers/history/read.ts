/** Reads a history file of any supported format into events and paired operations. */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseEdn } from './edn.js';
import { MalformedHistoryError } from './errors.js';
import { parseJsonl } from './jsonl.js';
import { pairOperations, type SourcedEvent } from './pair.js';
import { parsePorcupineEtcd } from './porcupine-etcd.js';
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
  readonly operations: readonly Operation[];
}

const PARSERS: Record<Format, (file: string, text: string) => SourcedEvent[]> = {
  jsonl: parseJsonl,
  edn: parseEdn,
  'porcupine-etcd': parsePorcupineEtcd,
  'porcupine-kv': parseEdn,
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
  const sourced = PARSERS[format](file, text);
  if (sourced.length === 0) throw new MalformedHistoryError(file, 0, 'expected at least one event, found none');
  return {
    file,
    format,
    events: sourced.map((s) => s.event),
    operations: pairOperations(file, sourced),
  };
}

/** By extension first, then by the first meaningful line. */
export function detectFormat(file: string, text: string): Format {
  const firstLine = text.split('\n').find((l) => l.trim() !== '' && !l.trim().startsWith(';'))?.trim() ?? '';
  if (/jepsen\.util\s+-/.test(firstLine)) return 'porcupine-etcd';
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.json') return 'jsonl';
  if (ext === '.edn') return 'edn';
  if (firstLine.startsWith('{"') || firstLine.startsWith('{ "')) return 'jsonl';
  if (firstLine.startsWith('{:') || firstLine.startsWith('[')) return /:key\s/.test(firstLine) ? 'porcupine-kv' : 'edn';
  throw new MalformedHistoryError(file, 0, 'cannot tell the format: expected JSONL, EDN or a Porcupine log (or pass --format)');
}
