/**
 * The applications and functions one running Asterisk has registered, read
 * from it by `chanlog lint --ami` (src/ami reads them and hands them in as
 * plain lists: the dialplan layers never talk to a server). When given, they
 * are the truth for which names exist: what the server has is never unknown,
 * and what the chosen version documents but the server lacks is "not loaded".
 */
export interface RegisteredNames {
  /** The server's name, for messages. */
  server: string;
  applications: readonly string[];
  functions: readonly string[];
  /**
   * Names the server printed cut short (its list has a fixed-width column):
   * every function whose name starts with one of these counts as registered.
   */
  functionPrefixes: readonly string[];
}

/** Lookups over RegisteredNames, compared as Asterisk compares: applications ignoring case, functions exactly. */
export class Registered {
  readonly server: string;
  private readonly applications: Set<string>;
  private readonly functions: Set<string>;
  private readonly prefixes: readonly string[];

  constructor(names: RegisteredNames) {
    this.server = names.server;
    this.applications = new Set(names.applications.map((name) => name.toLowerCase()));
    this.functions = new Set(names.functions);
    this.prefixes = names.functionPrefixes;
  }

  hasApplication(name: string): boolean {
    return this.applications.has(name.toLowerCase());
  }

  hasFunction(name: string): boolean {
    return this.functions.has(name) || this.prefixes.some((prefix) => name.length > prefix.length && name.startsWith(prefix));
  }
}
