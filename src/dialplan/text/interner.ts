/** Distinct strings, each with an id: its place in `list`. */
export class Interner {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  // Callers mostly repeat the string they gave last (the file of the line before, `same`): it is checked first.
  private last: string | undefined;
  private lastId = -1;

  id(text: string): number {
    if (text === this.last) return this.lastId;
    let id = this.index.get(text);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(text);
      this.index.set(text, id);
    }
    this.last = text;
    this.lastId = id;
    return id;
  }
}
