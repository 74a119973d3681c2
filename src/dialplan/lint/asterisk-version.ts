import { ASTERISK_VERSIONS } from './asterisk-versions.js';

/**
 * The Asterisk a dialplan is linted for: its major version, and what that
 * version documents (generated from Asterisk's source at each release tag,
 * see scripts/extract-asterisk-names.mjs). Names that an earlier version had
 * and this one does not are "removed", named with the version they left in.
 */
export type AsteriskVersion = string;

/** The majors chanlog knows, oldest first. */
export const ASTERISK_MAJORS: readonly AsteriskVersion[] = Object.keys(ASTERISK_VERSIONS).sort((a, b) => Number(a) - Number(b));
export const DEFAULT_ASTERISK: AsteriskVersion = '22';

/** `18`, `18.26.4` or `18.x` -> `18`; undefined for a version chanlog has no data for. */
export function parseAsteriskVersion(text: string): AsteriskVersion | undefined {
  const major = /^\s*(\d+)(?:\.[\dx]+)*\s*$/.exec(text)?.[1];
  return major !== undefined && ASTERISK_MAJORS.includes(major) ? major : undefined;
}

/** What a name is in one version. */
export type NameStatus =
  | { kind: 'known'; name: string }
  /** Documented, in a module the default build leaves out. */
  | { kind: 'not-built-by-default'; name: string; module: string }
  | { kind: 'removed'; name: string; lastIn: AsteriskVersion; removedIn: AsteriskVersion }
  | { kind: 'added-later'; name: string; addedIn: AsteriskVersion }
  | { kind: 'unknown' };

/** The applications and functions of one Asterisk version, with their history across the others. */
export class AsteriskNames {
  private readonly applications: Map<string, string>[];
  private readonly functions: Set<string>[];
  private readonly index: number;

  constructor(readonly version: AsteriskVersion) {
    this.index = ASTERISK_MAJORS.indexOf(version);
    if (this.index < 0) throw new Error(`no data for Asterisk ${version}`);
    this.applications = ASTERISK_MAJORS.map((major) => new Map(ASTERISK_VERSIONS[major]!.applications.map((name) => [name.toLowerCase(), name])));
    this.functions = ASTERISK_MAJORS.map((major) => new Set(ASTERISK_VERSIONS[major]!.functions));
  }

  /** An application, compared case-insensitively as Asterisk does. */
  application(name: string): NameStatus {
    return this.status((i) => this.applications[i]!.get(name.toLowerCase()));
  }

  /** A function, compared exactly. */
  function(name: string): NameStatus {
    return this.status((i) => (this.functions[i]!.has(name) ? name : undefined));
  }

  /** Functions of this version by their lower case (the first spelling), for a case hint. */
  functionsByLowerCase(): Map<string, string> {
    const byLower = new Map<string, string>();
    for (const name of this.functions[this.index]!) if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), name);
    return byLower;
  }

  private status(find: (index: number) => string | undefined): NameStatus {
    const here = find(this.index);
    if (here !== undefined) {
      const module = ASTERISK_VERSIONS[this.version]!.notBuiltByDefault[here];
      return module === undefined ? { kind: 'known', name: here } : { kind: 'not-built-by-default', name: here, module };
    }
    for (let i = this.index - 1; i >= 0; i--) {
      const name = find(i);
      if (name !== undefined) return { kind: 'removed', name, lastIn: ASTERISK_MAJORS[i]!, removedIn: ASTERISK_MAJORS[i + 1]! };
    }
    for (let i = this.index + 1; i < ASTERISK_MAJORS.length; i++) {
      const name = find(i);
      if (name !== undefined) return { kind: 'added-later', name, addedIn: ASTERISK_MAJORS[i]! };
    }
    return { kind: 'unknown' };
  }
}
