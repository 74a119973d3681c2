/**
 * Interned strings with reference counts, addressed by small numbers. The
 * scrollback keeps a number per field instead of a string per line: the
 * values that repeat from line to line (server, channel, ids, context,
 * ...) are held once, and a value no kept line uses any more (a channel
 * long gone) is forgotten, so the table never outgrows the scrollback.
 */
export class StringTable {
  private readonly ids = new Map<string, number>();
  private texts: string[] = [];
  private refs = new Uint32Array(1024);
  private readonly free: number[] = [];

  /** The number for `text`, counting one more user of it. */
  intern(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.free.pop() ?? this.texts.length;
      if (id >= this.refs.length) {
        const grown = new Uint32Array(this.refs.length * 2);
        grown.set(this.refs);
        this.refs = grown;
      }
      // A value cut out of a received frame can keep the whole frame alive: the table keeps its own copy.
      const own = copyOf(text);
      this.texts[id] = own;
      this.ids.set(own, id);
    }
    this.refs[id]!++;
    return id;
  }

  /** One user fewer; the value is forgotten with its last user. */
  release(id: number): void {
    if (--this.refs[id]! > 0) return;
    this.ids.delete(this.texts[id]!);
    this.texts[id] = '';
    this.free.push(id);
  }

  text(id: number): string {
    return this.texts[id]!;
  }

  /** Distinct values held (for tests and the memory benchmark). */
  get size(): number {
    return this.ids.size;
  }
}

function copyOf(text: string): string {
  // Concatenation would only make a rope pointing at the original; a round trip through bytes gives a flat copy.
  return text.length === 0 ? '' : Buffer.from(text, 'utf16le').toString('utf16le');
}
