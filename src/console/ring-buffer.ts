/**
 * A fixed-size ring addressed by sequence number: every pushed item gets
 * the next number, and once the ring is full each push overwrites the
 * oldest. Push and lookup are O(1), whatever the capacity, so the cost of
 * one new log line does not grow with the scrollback.
 */
export class RingBuffer<T> {
  private readonly items: Array<T | undefined>;
  private next = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a whole number >= 1, not ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  /** Adds an item; returns its sequence number. */
  push(item: T): number {
    this.items[this.next % this.capacity] = item;
    return this.next++;
  }

  /** The sequence number of the oldest item still held. */
  get first(): number {
    return Math.max(0, this.next - this.capacity);
  }

  /** The sequence number the next push will get (one past the newest). */
  get end(): number {
    return this.next;
  }

  get size(): number {
    return this.next - this.first;
  }

  /** The item with this sequence number, or undefined once it was overwritten (or never existed). */
  get(seq: number): T | undefined {
    if (seq < this.first || seq >= this.next) return undefined;
    return this.items[seq % this.capacity];
  }
}
