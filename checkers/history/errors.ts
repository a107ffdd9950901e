/** A history file that cannot be read: names the file, the line and what was expected. */
export class MalformedHistoryError extends Error {
  override readonly name = 'MalformedHistoryError';

  constructor(
    readonly file: string,
    /** 1-based; 0 when the problem is the file as a whole. */
    readonly line: number,
    readonly expected: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${expected}` : `${file}: ${expected}`);
  }
}
