/**
 * A fast reader for the EDN that Jepsen histories are written in, straight from the
 * file's bytes: maps, vectors, lists, sets, keywords, strings, integers, floats, nil,
 * booleans, comments, discards and tagged records. It gives the values edn-data gives
 * with our options (edn-forms.ts), except that integers past 2^53 come out exact, as
 * BigInt. Anything else (characters, symbols, #inst, a syntax error) makes it give up
 * (null), and the caller reads the file with edn-data, which also words the errors.
 */

/** A top-level element and the line it starts on. */
export interface EdnElement {
  readonly value: unknown;
  readonly line: number;
}

class GiveUp extends Error {}

const decoder = new TextDecoder('utf-8');

/**
 * The file's top-level forms; a file that is one vector or list gives its elements.
 * Null when the file holds something this reader leaves to edn-data.
 */
export function readEdnElements(bytes: Uint8Array): EdnElement[] | null {
  const reader = new EdnBytes(bytes);
  try {
    const top = reader.forms(-1);
    if (top.length === 1 && reader.wrapped !== null) return reader.wrapped;
    return top;
  } catch (error) {
    if (error instanceof GiveUp) return null;
    throw error;
  }
}

const OPEN_VECTOR = 0x5b;
const CLOSE_VECTOR = 0x5d;
const OPEN_LIST = 0x28;
const CLOSE_LIST = 0x29;
const OPEN_MAP = 0x7b;
const CLOSE_MAP = 0x7d;
const HASH = 0x23;
const QUOTE = 0x22;
const NEWLINE = 0x0a;

class EdnBytes {
  pos = 0;
  line = 1;
  /** The elements of the one top-level vector or list, each with its own line. */
  wrapped: EdnElement[] | null = null;

  constructor(private readonly bytes: Uint8Array) {}

  /** Forms up to `closer` (-1: the end of the file), with their lines. */
  forms(closer: number): EdnElement[] {
    const out: EdnElement[] = [];
    for (;;) {
      this.skip();
      const b = this.bytes[this.pos];
      if (b === undefined) {
        if (closer >= 0) throw new GiveUp();
        return out;
      }
      if (b === closer) {
        this.pos++;
        return out;
      }
      const line = this.line;
      const value = this.form(closer < 0);
      if (value !== DISCARDED) out.push({ value, line });
    }
  }

  /** White space, commas and comments. */
  private skip(): void {
    const { bytes } = this;
    for (;;) {
      const b = bytes[this.pos];
      if (b === NEWLINE) this.line++;
      else if (b === 0x3b) {
        while (this.pos < bytes.length && bytes[this.pos] !== NEWLINE) this.pos++;
        continue;
      } else if (b !== 0x20 && b !== 0x2c && b !== 0x09 && b !== 0x0d) return;
      this.pos++;
    }
  }

  private form(topLevel: boolean): unknown {
    const b = this.bytes[this.pos]!;
    switch (b) {
      case OPEN_VECTOR:
      case OPEN_LIST: {
        this.pos++;
        const elements = this.forms(b === OPEN_VECTOR ? CLOSE_VECTOR : CLOSE_LIST);
        if (topLevel && this.wrapped === null) this.wrapped = elements;
        return elements.map((e) => e.value);
      }
      case OPEN_MAP:
        this.pos++;
        return this.map();
      case QUOTE:
        return this.string();
      case HASH:
        return this.dispatch();
      case CLOSE_VECTOR:
      case CLOSE_LIST:
      case CLOSE_MAP:
        throw new GiveUp();
      default:
        return this.atom();
    }
  }

  private map(): Record<string, unknown> {
    const items = this.forms(CLOSE_MAP);
    if (items.length % 2 !== 0) throw new GiveUp();
    const fields: Record<string, unknown> = {};
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i]!.value;
      if (typeof key !== 'string' && typeof key !== 'number') throw new GiveUp();
      const name = String(key);
      if (name === '__proto__') throw new GiveUp();
      fields[name] = items[i + 1]!.value;
    }
    return fields;
  }

  /** `#{…}` a set, `#_ form` a discarded form, `#tag form` a tagged value. */
  private dispatch(): unknown {
    const next = this.bytes[this.pos + 1];
    if (next === OPEN_MAP) {
      this.pos += 2;
      return this.forms(CLOSE_MAP).map((e) => e.value);
    }
    if (next === 0x5f) {
      this.pos += 2;
      this.skip();
      if (this.pos >= this.bytes.length) throw new GiveUp();
      this.form(false);
      return DISCARDED;
    }
    this.pos++;
    const tag = this.token();
    if (tag === '' || tag === 'inst') throw new GiveUp();
    this.skip();
    if (this.pos >= this.bytes.length) throw new GiveUp();
    const value = this.form(false);
    if (value === DISCARDED) throw new GiveUp();
    return { tag, val: value };
  }

  private string(): string {
    const { bytes } = this;
    const start = ++this.pos;
    let plain = true;
    for (;;) {
      const b = bytes[this.pos];
      if (b === undefined) throw new GiveUp();
      if (b === QUOTE) break;
      if (b === 0x5c) {
        plain = false;
        this.pos += 2;
        continue;
      }
      if (b === NEWLINE) this.line++;
      this.pos++;
    }
    const end = this.pos++;
    const raw = decoder.decode(bytes.subarray(start, end));
    return plain ? raw : unescape(raw);
  }

  private token(): string {
    const { bytes } = this;
    const start = this.pos;
    for (;;) {
      const b = bytes[this.pos];
      if (b === undefined || DELIMITER[b] === 1) break;
      this.pos++;
    }
    let s = '';
    for (let i = start; i < this.pos; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }

  private atom(): unknown {
    const token = this.token();
    switch (token) {
      case 'nil':
        return null;
      case 'true':
        return true;
      case 'false':
        return false;
    }
    const first = token.charCodeAt(0);
    if (first === 0x3a && token.length > 1) return token.slice(1);
    if (INT.test(token)) {
      if (token.length < 16) return Number(token);
      const exact = BigInt(token);
      return exact >= MIN_SAFE && exact <= MAX_SAFE ? Number(exact) : exact;
    }
    if (BIGINT.test(token)) return BigInt(token.slice(0, -1));
    if (FLOAT.test(token)) return Number.parseFloat(token);
    // Characters, symbols and anything else: edn-data's.
    throw new GiveUp();
  }
}

const DISCARDED = Symbol('discarded');
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
// As edn-data reads them.
const INT = /^[-+]?(0|[1-9][0-9]*)$/;
const BIGINT = /^[-+]?(0|[1-9][0-9]*)N$/;
const FLOAT = /^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?(0|[1-9][0-9]*))?M?$/;

const DELIMITER = new Uint8Array(256);
for (const c of ' ,\t\r\n;"()[]{}') DELIMITER[c.charCodeAt(0)] = 1;

const ESCAPES: Record<string, string> = { t: '\t', r: '\r', n: '\n', b: '\b', f: '\f', '\\': '\\', '"': '"' };

/** edn-data's string escapes; any other makes the reader give up. */
function unescape(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = raw[++i];
    if (e === 'u') {
      const hex = raw.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new GiveUp();
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
    } else {
      const replacement = e === undefined ? undefined : ESCAPES[e];
      if (replacement === undefined) throw new GiveUp();
      out += replacement;
    }
  }
  return out;
}
