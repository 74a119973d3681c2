/**
 * Sequence numbering for a fixed-size ring: every pushed item gets the next
 * number, and once the ring is full each push takes the slot of the oldest.
 * Push and lookup are O(1), whatever the capacity, so the cost of one new
 * log line does not grow with the scrollback.
 */
export abstract class RingNumbering {
  protected next = 0;

  constructor(readonly capacity: number, what = 'ring capacity') {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`${what} must be a whole number >= 1, not ${capacity}`);
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

  /** Whether the item with this sequence number is still held. */
  protected holds(seq: number): boolean {
    return seq >= this.first && seq < this.next;
  }
}

/** A ring of any items, addressed by sequence number. */
export class RingBuffer<T> extends RingNumbering {
  private readonly items: Array<T | undefined>;

  constructor(capacity: number) {
    super(capacity);
    this.items = new Array<T | undefined>(capacity);
  }

  /** Adds an item; returns its sequence number. */
  push(item: T): number {
    this.items[this.next % this.capacity] = item;
    return this.next++;
  }

  /** The item with this sequence number, or undefined once it was overwritten (or never existed). */
  get(seq: number): T | undefined {
    return this.holds(seq) ? this.items[seq % this.capacity] : undefined;
  }
}
