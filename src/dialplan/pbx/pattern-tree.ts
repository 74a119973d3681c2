import type { LogLocation } from '../log/asterisk-log.js';
import type { PbxMessages } from './messages.js';

/**
 * Asterisk's extension "match tree" (main/pbx.c), kept only for what it
 * logs. A context builds it the first time something is looked up in it
 * (during a load: a label-relative priority); from then on every new
 * extension is added to it as well, and the tree complains about
 * duplicates and odd character sets in its own way ("Found duplicate exten",
 * "Empty character set"). The lookups themselves use the sorted list, so
 * the tree never changes what `dialplan show` prints.
 */

/** What the tree stores at the end of a pattern: the entry's displayed name. */
interface TreeExten {
  name: string;
}

interface TreeNode {
  /** The characters this node matches (a set is sorted and unique). */
  x: string;
  isPattern: boolean;
  specificity: number;
  exten: TreeExten | undefined;
  /** Children, in ascending specificity. */
  next: TreeNode[];
}

/** A root-table entry of the context: one per extension (name + CallerID), by its head priority. */
export interface RootEntry {
  key: string;
  cid: string | undefined;
  name: string;
}

interface PatternPart {
  buf: string;
  specif: number;
}

const SET_LIMIT = 255;

export class PatternTree {
  private readonly roots: TreeNode[] = [];
  private built = false;

  constructor(
    private readonly messages: PbxMessages,
    private readonly location: () => LogLocation,
  ) {}

  get exists(): boolean {
    return this.built;
  }

  /** create_match_char_tree: every root entry, newest first (the hash table's own order). */
  build(entries: RootEntry[]): void {
    this.built = true;
    for (const entry of entries) this.add(entry, false);
  }

  /**
   * add_exten_to_pattern_tree. With `findOnly`, returns the node the entry
   * would land on (Asterisk uses it to forget a refused duplicate) without
   * changing the tree.
   */
  add(entry: RootEntry, findOnly: boolean): TreeNode | undefined {
    const text = entry.cid === undefined ? entry.key : `${entry.key}/${entry.cid}`;
    const pattern = text.charCodeAt(0) === 95;
    // `list` is the level being searched while the pattern is still on existing nodes; once a node is
    // new, the rest hangs below it (`node`). `head` is what Asterisk returns when asked to find only.
    let list = this.roots;
    let head: TreeNode | undefined = this.roots[0];
    let node: TreeNode | undefined;
    let already = true;
    let [part, pos] = this.part(text, pattern ? 1 : 0, pattern);
    while (part.buf !== '') {
      const [next, after] = this.part(text, pos, pattern);
      pos = after;
      const found = already ? list.find((n) => n.isPattern === pattern && n.x === part.buf) : undefined;
      if (found && found.next.length > 0) {
        if (next.buf === '') {
          if (findOnly) return found;
          if (found.exten) this.messages.duplicateInTree(1743, found.exten.name, entry.name, this.location());
          found.exten = { name: entry.name };
        }
        list = found.next;
        head = found.next[0];
      } else {
        if (found) {
          if (findOnly) return found;
          node = found;
        } else {
          if (findOnly) return head;
          const created = this.newNode(part, pattern);
          insertBySpecificity(already ? list : node!.next, created);
          node = created;
        }
        if (next.buf === '') {
          if (found?.exten) this.messages.duplicateInTree(1769, found.exten.name, entry.name, this.location());
          node.exten = { name: entry.name };
        }
        list = node.next;
        head = node;
        already = false;
      }
      part = next;
    }
    return head;
  }

  /** Forgets the entry at the node a refused duplicate would have used. */
  forget(entry: RootEntry): void {
    const node = this.add(entry, true);
    if (node?.exten) node.exten = undefined;
  }

  private newNode(part: PatternPart, pattern: boolean): TreeNode {
    let specificity = part.specif;
    if (part.specif === 1 && pattern) {
      const c = part.buf[0];
      if (c === 'N') specificity = 0x0832;
      else if (c === 'Z') specificity = 0x0931;
      else if (c === 'X') specificity = 0x0a30;
      else if (c === '.') specificity = 0x18000;
      else if (c === '!') specificity = 0x28000;
    }
    return { x: part.buf, isPattern: pattern, specificity, exten: undefined, next: [] };
  }

  /**
   * get_pattern_node: the next node of a pattern. A `[...]` set is expanded
   * (ranges, `\` escapes), sorted and made unique; `-` outside a set is
   * skipped; `n`, `x`, `z` of a pattern become `N`, `X`, `Z`.
   */
  private part(text: string, pos: number, pattern: boolean): [PatternPart, number] {
    while (pos < text.length) {
      const c = text[pos]!;
      if (c === '[' && pattern) {
        pos++;
        let buf = '';
        let overflow = false;
        const push = (char: string) => {
          if (buf.length < SET_LIMIT) buf += char;
          else overflow = true;
        };
        for (;;) {
          const d = text[pos];
          if (d === '\\') {
            pos++;
            const e = text[pos];
            if (e === '[' || e === '\\' || e === '-' || e === ']') {
              push(e);
              pos++;
            }
          } else if (d === '-') {
            const first = text.charCodeAt(pos - 1);
            let nextPos = pos + 1;
            let last = pos + 1 < text.length ? text.charCodeAt(nextPos) : 0;
            if (last === 92) {
              nextPos++;
              last = nextPos < text.length ? text.charCodeAt(nextPos) : 0;
            }
            if (buf.length > 0 && last) {
              for (let code = first + 1; code <= last; code++) push(String.fromCharCode(code & 0xff));
              pos = nextPos + 1;
            } else {
              push('-');
              pos++;
            }
          } else if (d === undefined) {
            this.messages.treeSetUnclosed(text, this.location());
            break;
          } else if (d === ']') {
            pos++;
            break;
          } else {
            push(d);
            pos++;
          }
        }
        if (overflow) {
          this.messages.treeSetTooLarge(text, this.location());
          continue;
        }
        if (buf.length === 0) {
          this.messages.treeSetEmpty(text, this.location());
          continue;
        }
        const unique = [...new Set([...buf].sort(compareBytes))].join('');
        return [{ buf: unique, specif: (unique.length << 8) | unique.charCodeAt(0) }, pos];
      }
      if (c === '-') {
        pos++;
        continue;
      }
      let char = c;
      if (c === '\\') {
        pos++;
        if (pos >= text.length) return [{ buf: '', specif: 0 }, pos];
        char = text[pos]!;
      } else if (pattern) {
        if (c === 'n') char = 'N';
        else if (c === 'x') char = 'X';
        else if (c === 'z') char = 'Z';
      }
      return [{ buf: char, specif: 1 }, pos + 1];
    }
    return [{ buf: '', specif: 0 }, pos];
  }
}

/** qsort with compare_char: bytes as unsigned char. */
function compareBytes(a: string, b: string): number {
  return a.charCodeAt(0) - b.charCodeAt(0);
}

/** insert_in_next_chars_alt_char_list: before the first node of higher specificity. */
function insertBySpecificity(list: TreeNode[], node: TreeNode): void {
  let index = list.findIndex((n) => n.specificity > node.specificity);
  if (index < 0) index = list.length;
  list.splice(index, 0, node);
}
