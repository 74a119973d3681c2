/**
 * A growable list of 32-bit integers in a typed array. Large dialplans keep
 * millions of numbers (line numbers, offsets) while loading; in typed arrays
 * they live outside the garbage-collected heap, so the collector neither
 * copies nor scans them.
 */
export class IntVector {
  length = 0;
  private items: Int32Array;

  constructor(capacity = 16) {
    this.items = new Int32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }

  get(index: number): number {
    return this.items[index]!;
  }

  set(index: number, value: number): void {
    this.items[index] = value;
  }
}
