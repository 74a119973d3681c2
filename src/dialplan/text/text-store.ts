/**
 * Where the text of a loaded dialplan lives: the files as read (latin1
 * strings) and the few strings made while loading (lines changed by comment
 * processing, `+=` values, substituted hints). Values and applications are
 * kept as (reference, start, end) into these instead of as strings of
 * their own. A reference >= 0 names a made string; < 0 names a file.
 */
export interface SourceFile {
  id: number;
  /** Where chanlog read it. */
  hostPath: string;
  /** The path Asterisk would name it by (under its config directory, /etc/asterisk). */
  asteriskPath: string;
  /** The file's bytes as latin1 text (one char per byte), what the reader works on. */
  text: string;
  /** The same bytes as read: `dialplan show` copies applications straight from them. */
  bytes: Buffer;
}

export class TextStore {
  readonly sources: SourceFile[] = [];
  readonly strings: string[] = [];

  addSource(hostPath: string, asteriskPath: string, bytes: Buffer): SourceFile {
    const source: SourceFile = { id: this.sources.length, hostPath, asteriskPath, text: bytes.toString('latin1'), bytes };
    this.sources.push(source);
    return source;
  }

  /** A reference to a string made while loading. */
  add(text: string): number {
    this.strings.push(text);
    return this.strings.length - 1;
  }

  static sourceRef(sourceId: number): number {
    return -sourceId - 1;
  }

  /** The bytes of a reference's text: a file's as read; a made string's encoded when asked. */
  bytes(ref: number): Buffer {
    return ref >= 0 ? Buffer.from(this.strings[ref]!, 'latin1') : this.sources[-ref - 1]!.bytes;
  }

  get(ref: number): string {
    return ref >= 0 ? this.strings[ref]! : this.sources[-ref - 1]!.text;
  }
}
