/** One table of strings for a whole report: each distinct string is stored once and named by its index. */
export class StringTable {
  private readonly index = new Map<string, number>();
  readonly strings: string[] = [];

  /** The index of `text`, adding it on first sight. */
  id(text: string): number {
    let id = this.index.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.index.set(text, id);
    }
    return id;
  }
}
