/**
 * Splits EDN text into its top-level forms, each with the line it starts on, and
 * parses one form with edn-data. A file that is one vector or list of maps is read
 * as the stream of its elements, so that every map keeps its own line. Unbalanced or
 * mismatched brackets and unterminated strings are reported at the line they occur.
 */
import { parseEDNString } from 'edn-data';
import { MalformedHistoryError } from './errors.js';

export interface EdnForm {
  readonly text: string;
  /** 1-based line of the form's first character. */
  readonly line: number;
}

const CLOSER: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
const WHITESPACE = new Set([' ', '\t', '\r', '\n', '\f', '\v', ',']);
const DELIMITER = new Set([...WHITESPACE, ';', '"', '(', ')', '[', ']', '{', '}']);

interface Open {
  readonly char: string;
  readonly line: number;
  /** Elements inside it so far: a map needs an even number. */
  elements: number;
  /** `#{`: a set, which may hold any number. */
  readonly set: boolean;
}

interface Span {
  readonly start: number;
  end: number;
  readonly line: number;
  readonly opener: string | null;
  readonly children: Span[];
}

interface Prefix {
  readonly offset: number;
  readonly line: number;
  readonly discard: boolean;
}

export function splitEdnForms(file: string, text: string): EdnForm[] {
  const top = scanSpans(file, text);
  const only = top.length === 1 ? top[0]! : null;
  const spans = only !== null && (only.opener === '[' || only.opener === '(') ? only.children : top;
  return spans.map((span) => ({ text: text.slice(span.start, span.end), line: span.line }));
}

/** Records the forms at depth 0, and at depth 1 the elements of each top-level collection. */
function scanSpans(file: string, text: string): Span[] {
  const top: Span[] = [];
  const stack: Open[] = [];
  /** The span of the innermost open collection at depth 0 or 1, per depth. */
  const openSpans: Span[] = [];
  let line = 1;
  let prefix: Prefix | null = null;

  const element = (offset: number, startLine: number, opener: string | null, end: number): void => {
    const start = prefix ?? { offset, line: startLine, discard: false };
    prefix = null;
    const parent = stack[stack.length - 1];
    if (parent !== undefined && !start.discard) parent.elements++;
    if (stack.length > 1) return;
    const span: Span = { start: start.offset, end, line: start.line, opener, children: [] };
    if (!start.discard) (stack.length === 0 ? top : (openSpans[0]?.children ?? [])).push(span);
    if (opener !== null) openSpans[stack.length] = span;
  };

  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (WHITESPACE.has(c)) {
      i++;
    } else if (c === ';') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"') {
      const startLine = line;
      let end = i + 1;
      while (end < text.length && text[end] !== '"') {
        if (text[end] === '\\') end++;
        if (text[end] === '\n') line++;
        end++;
      }
      if (end >= text.length) throw new MalformedHistoryError(file, startLine, 'expected the string that starts here to end with "');
      element(i, startLine, null, end + 1);
      i = end + 1;
    } else if (c in CLOSER) {
      const set = c === '{' && i > 0 && text[i - 1] === '#';
      element(i, line, c, i + 1);
      stack.push({ char: c, line, elements: 0, set });
      i++;
    } else if (c === ']' || c === ')' || c === '}') {
      if (prefix !== null) throw new MalformedHistoryError(file, line, `expected a form after the "#" on line ${prefix.line}, got "${c}"`);
      const open = stack.pop();
      if (open === undefined) throw new MalformedHistoryError(file, line, `expected an EDN form, got a "${c}" that closes nothing`);
      if (CLOSER[open.char] !== c) {
        throw new MalformedHistoryError(file, line, `expected "${CLOSER[open.char]}" to close the "${open.char}" from line ${open.line}, got "${c}"`);
      }
      if (open.char === '{' && !open.set && open.elements % 2 !== 0) {
        throw new MalformedHistoryError(file, open.line, `expected a map of keys and values, got a key without a value in the map closed on line ${line}`);
      }
      i++;
      const span = openSpans[stack.length];
      if (stack.length <= 1 && span !== undefined) span.end = i;
    } else {
      // An atom: a number, keyword, symbol or character, or the `#` before a form.
      let end = i + (c === '\\' ? 2 : 1);
      while (end < text.length && !DELIMITER.has(text[end]!)) end++;
      if (c === '#') {
        // `#{`, `#_` and `#tag` belong to the form that follows.
        if (text[i + 1] === '{') end = i + 1;
        prefix ??= { offset: i, line, discard: text[i + 1] === '_' };
      } else {
        element(i, line, null, end);
      }
      i = end;
    }
  }
  const open = stack[stack.length - 1];
  if (open !== undefined) throw new MalformedHistoryError(file, line, `expected "${CLOSER[open.char]}" to close the "${open.char}" from line ${open.line}`);
  if (prefix !== null) throw new MalformedHistoryError(file, line, 'expected a form after the "#" at the end of the file');
  return top;
}

const EDN_OPTIONS = {
  mapAs: 'object',
  keywordAs: 'string',
  listAs: 'array',
  setAs: 'array',
  charAs: 'string',
  symbolAs: 'string',
} as const;

/** Parses one form: keywords become strings without the colon, nil null, vectors and lists arrays. */
export function parseEdnForm(file: string, form: EdnForm): unknown {
  try {
    return parseEDNString(form.text, EDN_OPTIONS);
  } catch (error) {
    throw new MalformedHistoryError(file, form.line, `expected an EDN value (${(error as Error).message})`);
  }
}
