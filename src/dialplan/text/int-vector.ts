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
    if (this.length === this.items.length) this.reserve(this.items.length * 2);
    this.items[this.length++] = value;
  }

  /** Grows the storage to hold at least `capacity` items. */
  reserve(capacity: number): void {
    if (capacity <= this.items.length) return;
    const grown = new Int32Array(capacity);
    grown.set(this.items.subarray(0, this.length));
    this.items = grown;
  }

  get(index: number): number {
    return this.items[index]!;
  }

  set(index: number, value: number): void {
    this.items[index] = value;
  }
}
