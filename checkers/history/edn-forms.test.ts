import { describe, expect, it } from 'vitest';
import { MalformedHistoryError } from './errors.js';
import { parseEdnForm, splitEdnForms } from './edn-forms.js';

const split = (text: string) => splitEdnForms('f.edn', text).map((f) => [f.line, f.text]);

function splitError(text: string): string {
  try {
    splitEdnForms('f.edn', text);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedHistoryError);
    return (error as Error).message;
  }
  throw new Error('split without complaint');
}

describe('splitting EDN into top-level forms', () => {
  it('reads a vector of maps as its elements, each at its own line', () => {
    expect(split('; a comment\n[{:a 1}\n {:b 2}]\n')).toEqual([
      [2, '{:a 1}'],
      [3, '{:b 2}'],
    ]);
  });

  it('reads a list of maps the same way, with brackets inside strings and comments ignored', () => {
    expect(split('({:a 1}\n ; not ) a close\n {:b "x)y]"})')).toEqual([
      [1, '{:a 1}'],
      [3, '{:b "x)y]"}'],
    ]);
  });

  it('reads a stream of maps, maps spanning lines starting where they open', () => {
    expect(split('{:a 1}\n{:b\n [1 2]}\n{:c 3}')).toEqual([
      [1, '{:a 1}'],
      [2, '{:b\n [1 2]}'],
      [4, '{:c 3}'],
    ]);
  });

  it('keeps tags and sets with their form and drops discarded forms', () => {
    expect(split('[{:a #{1 2}}\n #_ {:gone 1}\n #jepsen.history.Op{:d 4}]')).toEqual([
      [1, '{:a #{1 2}}'],
      [3, '#jepsen.history.Op{:d 4}'],
    ]);
  });

  it('unwraps the vector after a discarded top-level form', () => {
    expect(split('#_ {:old 1}\n[{:a 1}]')).toEqual([[2, '{:a 1}']]);
  });

  it('does not take a character literal for a bracket', () => {
    expect(split('{:a \\( :b 2}')).toEqual([[1, '{:a \\( :b 2}']]);
  });

  it('reports a mismatched bracket where it is, naming the opener', () => {
    expect(splitError('[{:a 1}\n {:b 2]')).toBe('f.edn:2: expected "}" to close the "{" from line 2, got "]"');
  });

  it('reports an unclosed form at the end of the file', () => {
    expect(splitError('[{:a 1}\n {:b 2}\n')).toBe('f.edn:3: expected "]" to close the "[" from line 1');
  });

  it('reports a closing bracket with nothing open', () => {
    expect(splitError('{:a 1}}\n')).toBe('f.edn:1: expected an EDN form, got a "}" that closes nothing');
  });

  it('reports an unterminated string at the line it starts', () => {
    expect(splitError('{:a 1}\n{:b "oops}\n\n')).toBe('f.edn:2: expected the string that starts here to end with "');
  });

  it('reports a map with a key and no value', () => {
    expect(splitError('{:a 1}\n{:b 2\n :c}')).toBe('f.edn:2: expected a map of keys and values, got a key without a value in the map closed on line 3');
  });
});

describe('parsing one form', () => {
  it('gives keywords as strings, nil as null, vectors and lists as arrays', () => {
    expect(parseEdnForm('f', { text: '{:type :ok, :value [1 (2 :x)], :error nil, :s "a"}', line: 1 })).toEqual({
      type: 'ok',
      value: [1, [2, 'x']],
      error: null,
      s: 'a',
    });
  });

  it('reports what edn-data rejects with the form line', () => {
    expect(() => parseEdnForm('f.edn', { text: '{:s "\\q"}', line: 7 })).toThrow(/^f\.edn:7: expected an EDN value \(/);
  });
});
