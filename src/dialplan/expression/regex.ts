/**
 * Placeholder for POSIX extended regular expressions (glibc regcomp with
 * REG_EXTENDED); replaced by a real engine.
 */
export interface RegexMatch {
  /** Offsets of the whole match and of group 1 (-1 when group 1 did not take part). */
  start: number;
  end: number;
  groupStart: number;
  groupEnd: number;
}

export type CompiledRegex = { error: string } | { groups: number; exec(subject: string): RegexMatch | null };

export function compileRegex(pattern: string): CompiledRegex {
  try {
    const re = new RegExp(pattern, 'd');
    const groups = new RegExp(`${pattern}|`).exec('')!.length - 1;
    return {
      groups,
      exec(subject: string) {
        const m = re.exec(subject) as (RegExpExecArray & { indices: Array<[number, number] | undefined> }) | null;
        if (!m) return null;
        const g = m.indices[1];
        return { start: m.index, end: m.index + m[0].length, groupStart: g ? g[0] : -1, groupEnd: g ? g[1] : -1 };
      },
    };
  } catch {
    return { error: 'Invalid regular expression' };
  }
}
