/**
 * JSON values read straight from a file's bytes, without decoding the file to a string
 * first. Integers past 2^53 come out exact, as BigInt (JSON.parse would round them
 * silently); other numbers as JavaScript numbers.
 */

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const decoder = new TextDecoder('utf-8', { fatal: false });

/** One JSON value, exactly (integers past 2^53 as BigInt); throws JsonSyntaxError. */
export function parseJson(text: string): unknown {
  const cursor = new JsonBytes(Buffer.from(text, 'utf8'));
  const value = cursor.value();
  cursor.skipSpace();
  while (cursor.bytes[cursor.pos] === 0x0a) {
    cursor.pos++;
    cursor.skipSpace();
  }
  if (cursor.pos < cursor.bytes.length) cursor.fail('the end of the value');
  return value;
}

export class JsonBytes {
  /** The next byte to read. */
  pos = 0;

  constructor(readonly bytes: Uint8Array) {}

  fail(expected: string): never {
    const b = this.bytes[this.pos];
    const at = b === undefined || b === 0x0a || b === 0x0d ? 'the end of the line' : `"${String.fromCharCode(b)}"`;
    throw new JsonSyntaxError(`expected ${expected} at column ${this.column()}, got ${at}`);
  }

  /** Column (1-based) of `pos` in its line. */
  private column(): number {
    let start = this.pos;
    while (start > 0 && this.bytes[start - 1] !== 0x0a) start--;
    return this.pos - start + 1;
  }

  skipSpace(): void {
    const { bytes } = this;
    let b = bytes[this.pos];
    while (b === 0x20 || b === 0x09 || b === 0x0d) b = bytes[++this.pos];
  }

  /** Consumes `byte` (after white space) or fails. */
  expect(byte: number, what: string): void {
    this.skipSpace();
    if (this.bytes[this.pos] !== byte) this.fail(what);
    this.pos++;
  }

  /** Consumes `byte` (after white space) if it is next. */
  take(byte: number): boolean {
    this.skipSpace();
    if (this.bytes[this.pos] !== byte) return false;
    this.pos++;
    return true;
  }

  value(): unknown {
    this.skipSpace();
    const b = this.bytes[this.pos];
    switch (b) {
      case QUOTE:
        return this.string();
      case 0x7b: // {
        return this.object();
      case 0x5b: // [
        return this.array();
      case 0x74: // t
        return this.word('true', true);
      case 0x66: // f
        return this.word('false', false);
      case 0x6e: // n
        return this.word('null', null);
      default:
        if (b === 0x2d || (b !== undefined && b >= 0x30 && b <= 0x39)) return this.number();
        return this.fail('a JSON value');
    }
  }

  private word<T>(text: string, value: T): T {
    const { bytes } = this;
    for (let i = 0; i < text.length; i++) if (bytes[this.pos + i] !== text.charCodeAt(i)) this.fail(`"${text}"`);
    this.pos += text.length;
    return value;
  }

  string(): string {
    const { bytes } = this;
    if (bytes[this.pos] !== QUOTE) this.fail('a string');
    const start = ++this.pos;
    let ascii = true;
    for (;;) {
      const b = bytes[this.pos];
      if (b === QUOTE) break;
      if (b === BACKSLASH) return this.escapedString(start);
      if (b === undefined || b === 0x0a) this.fail('the end of the string (")');
      if (b >= 0x80) ascii = false;
      this.pos++;
    }
    const end = this.pos++;
    if (ascii && end - start <= INTERNED_MAX) return interned(bytes, start, end);
    return decoder.decode(bytes.subarray(start, end));
  }

  /** The rest of a string holding escapes, from its first character at `start`. */
  private escapedString(start: number): string {
    const { bytes } = this;
    let out = decoder.decode(bytes.subarray(start, this.pos));
    let run = this.pos;
    for (;;) {
      const b = bytes[this.pos];
      if (b === undefined || b === 0x0a) this.fail('the end of the string (")');
      if (b === QUOTE) {
        out += decoder.decode(bytes.subarray(run, this.pos++));
        return out;
      }
      if (b !== BACKSLASH) {
        this.pos++;
        continue;
      }
      out += decoder.decode(bytes.subarray(run, this.pos));
      const e = bytes[++this.pos];
      this.pos++;
      switch (e) {
        case 0x22:
          out += '"';
          break;
        case 0x5c:
          out += '\\';
          break;
        case 0x2f:
          out += '/';
          break;
        case 0x62:
          out += '\b';
          break;
        case 0x66:
          out += '\f';
          break;
        case 0x6e:
          out += '\n';
          break;
        case 0x72:
          out += '\r';
          break;
        case 0x74:
          out += '\t';
          break;
        case 0x75: {
          let code = 0;
          for (let i = 0; i < 4; i++) {
            const h = hexDigit(bytes[this.pos++]);
            if (h < 0) {
              this.pos--;
              this.fail('four hex digits after \\u');
            }
            code = code * 16 + h;
          }
          out += String.fromCharCode(code);
          break;
        }
        default:
          this.pos--;
          this.fail('an escape (\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\u)');
      }
      run = this.pos;
    }
  }

  number(): number | bigint {
    const { bytes } = this;
    const start = this.pos;
    let negative = false;
    if (bytes[this.pos] === 0x2d) {
      negative = true;
      this.pos++;
    }
    let digits = 0;
    let value = 0;
    let b = bytes[this.pos];
    while (b !== undefined && b >= 0x30 && b <= 0x39) {
      value = value * 10 + (b - 0x30);
      digits++;
      b = bytes[++this.pos];
    }
    if (digits === 0) this.fail('a digit');
    if (b !== 0x2e && b !== 0x65 && b !== 0x45) {
      if (digits < 16) return negative ? -value : value;
      const text = latin1(bytes, start, this.pos);
      const exact = BigInt(text);
      return exact >= BigInt(Number.MIN_SAFE_INTEGER) && exact <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(exact) : exact;
    }
    if (b === 0x2e) {
      b = bytes[++this.pos];
      if (b === undefined || b < 0x30 || b > 0x39) this.fail('a digit after the decimal point');
      while (b !== undefined && b >= 0x30 && b <= 0x39) b = bytes[++this.pos];
    }
    if (b === 0x65 || b === 0x45) {
      b = bytes[++this.pos];
      if (b === 0x2b || b === 0x2d) b = bytes[++this.pos];
      if (b === undefined || b < 0x30 || b > 0x39) this.fail('a digit in the exponent');
      while (b !== undefined && b >= 0x30 && b <= 0x39) b = bytes[++this.pos];
    }
    return Number(latin1(bytes, start, this.pos));
  }

  private array(): unknown[] {
    this.pos++;
    const items: unknown[] = [];
    if (this.take(0x5d)) return items;
    do items.push(this.value());
    while (this.take(0x2c));
    this.expect(0x5d, '"," or "]"');
    return items;
  }

  private object(): Record<string, unknown> {
    this.pos++;
    const fields: Record<string, unknown> = {};
    if (this.take(0x7d)) return fields;
    do {
      this.skipSpace();
      const key = this.string();
      this.expect(0x3a, '":"');
      const value = this.value();
      if (key === '__proto__') Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
      else fields[key] = value;
    } while (this.take(0x2c));
    this.expect(0x7d, '"," or "}"');
    return fields;
  }
}

/**
 * Short strings (field names, types, functions, keys) repeat on every line: a small
 * direct-mapped cache hands back the same string instead of making a new one.
 */
const INTERNED_MAX = 24;
const INTERN_SLOTS = 4096;
const internedStrings: Array<string | undefined> = new Array(INTERN_SLOTS);

function slotOf(bytes: ArrayLike<number>, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return (h ^ (h >>> 15)) & (INTERN_SLOTS - 1);
}

// Seeded with the literals the readers and models compare against: equal to them by
// reference, such strings compare at once.
for (const literal of ['index', 'time', 'type', 'process', 'f', 'key', 'value', 'node', 'error', 'invoke', 'ok', 'fail', 'info', 'nemesis', 'read', 'write', 'cas', 'get', 'put', 'append', 'delete', 'txn', 'add', 'acquire', 'release']) {
  const codes = Array.from(literal, (c) => c.charCodeAt(0));
  internedStrings[slotOf(codes, 0, codes.length)] = literal;
}

function interned(bytes: Uint8Array, start: number, end: number): string {
  const slot = slotOf(bytes, start, end);
  const cached = internedStrings[slot];
  if (cached !== undefined && cached.length === end - start) {
    let same = true;
    for (let i = start; i < end; i++) {
      if (cached.charCodeAt(i - start) !== bytes[i]) {
        same = false;
        break;
      }
    }
    if (same) return cached;
  }
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  internedStrings[slot] = s;
  return s;
}

function hexDigit(b: number | undefined): number {
  if (b === undefined) return -1;
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}
