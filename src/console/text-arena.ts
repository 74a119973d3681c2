/** Where one text was put: the chunk's number, the byte offset in it, the byte length. */
export interface TextPlace {
  chunk: number;
  offset: number;
  length: number;
}

interface Chunk {
  bytes: Buffer;
  /** Texts in it not yet released. */
  live: number;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Messages kept as UTF-8 bytes in 64 KiB chunks, outside the JavaScript
 * heap, released oldest first as the scrollback drops its oldest lines. A
 * string per line would be one more object per line for the garbage
 * collector to trace and move; a hundred thousand of them, renewed
 * continuously on a busy server, is what made the heap (and the console's
 * memory) grow far past what the lines themselves need.
 *
 * Only texts that survive a UTF-8 round trip belong here (the caller checks
 * `fits`): a lone UTF-16 surrogate would come back changed.
 */
export class TextArena {
  private readonly chunks = new Map<number, Chunk>();
  private current: Chunk;
  private currentNumber = 0;
  private used = 0;

  constructor() {
    this.current = { bytes: Buffer.allocUnsafeSlow(CHUNK_BYTES), live: 0 };
    this.chunks.set(0, this.current);
  }

  /** Whether `text` can be kept here exactly. */
  static fits(text: string): boolean {
    return text.isWellFormed();
  }

  add(text: string): TextPlace {
    const length = Buffer.byteLength(text, 'utf8');
    if (this.used + length > this.current.bytes.length) this.startChunk(length);
    const offset = this.used;
    this.current.bytes.write(text, offset, length, 'utf8');
    this.used += length;
    this.current.live++;
    return { chunk: this.currentNumber, offset, length };
  }

  text(chunk: number, offset: number, length: number): string {
    return this.chunks.get(chunk)!.bytes.toString('utf8', offset, offset + length);
  }

  /** The text at this place is no longer needed; a chunk goes once all its texts are gone and it is not being filled. */
  release(chunk: number): void {
    const held = this.chunks.get(chunk)!;
    if (--held.live > 0 || held === this.current) return;
    this.chunks.delete(chunk);
  }

  /** Bytes held in chunks (for tests and the memory benchmark). */
  get bytesHeld(): number {
    let total = 0;
    for (const chunk of this.chunks.values()) total += chunk.bytes.length;
    return total;
  }

  private startChunk(atLeast: number): void {
    if (this.current.live === 0) this.chunks.delete(this.currentNumber);
    this.currentNumber++;
    this.current = { bytes: Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, atLeast)), live: 0 };
    this.chunks.set(this.currentNumber, this.current);
    this.used = 0;
  }
}
