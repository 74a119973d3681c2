/** What one Asterisk major version documents (see scripts/extract-asterisk-names.mjs). */
export interface AsteriskNames {
  /** The release tag the names were read at. */
  tag: string;
  /** Dialplan applications (Asterisk compares them case-insensitively). */
  applications: readonly string[];
  /** Dialplan functions (compared exactly). */
  functions: readonly string[];
  /** Applications and functions whose module the default build leaves out, with that module. */
  notBuiltByDefault: Readonly<Record<string, string>>;
}
