/** Small bad files in a temp dir, and the one error they must give. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { MalformedHistoryError } from '../errors.js';
import { readHistory, type FormatOption } from '../read.js';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `faultline-${prefix}-`));
}

export function writeTemp(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** Reads `text` as a file named `name`; returns the MalformedHistoryError, failing the test if there is none. */
export function malformed(dir: string, name: string, text: string, format: FormatOption = 'auto'): MalformedHistoryError {
  const file = writeTemp(dir, name, text);
  let caught: unknown;
  try {
    readHistory(file, { format });
  } catch (error) {
    caught = error;
  }
  expect(caught, `${name} was read without complaint`).toBeInstanceOf(MalformedHistoryError);
  const error = caught as MalformedHistoryError;
  expect(error.file).toBe(file);
  expect(error.message.split('\n')).toHaveLength(1);
  expect(error.message.startsWith(`${file}:`)).toBe(true);
  return error;
}
