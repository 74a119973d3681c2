/**
 * The dialplan room's API: load extensions.conf the way Asterisk 22 does,
 * render what `dialplan show` would print, and lint it. Only re-exports:
 * the layers behind it are text/ -> config/ -> pbx/ -> model/ -> render/
 * and lint/, with log/ for what Asterisk prints while loading.
 */
export { loadDialplan, type LoadOptions, type LoadResult, type Diagnostic } from './pbx/load.js';
export { renderDialplanShow, writeDialplanShow, parseShowArgument, type ShowOptions } from './render/show.js';
export { dialplanToJson } from './render/json.js';
export { createLocator, type SourcePlace } from './render/locator.js';
export type { Context, Extension, Priority, Include, IgnorePattern, Switch, Origin } from './model/model.js';
export { PriorityPool, chain, priorityAt, extensionName } from './model/model.js';
export { matchExtension } from './model/extension-order.js';
export type { SourceFile } from './text/text-store.js';
export { bytesToDisplay } from './text/bytes.js';
export { readConfig } from './config/reader.js';
export type { AsteriskLog } from './log/asterisk-log.js';
export { describeRefusal } from './log/refusal.js';
export { lintDialplan, type LintDiagnostic, type LintOptions } from './lint/index.js';
export type { RegisteredNames } from './lint/registered-names.js';
export { textChunks } from './lint/format.js';
export { sarifLog, githubAnnotations } from './lint/machine-formats.js';
export { findLintConfig, readLintConfig, LintConfigError, LINT_CONFIG_NAME, type LintConfig } from './lint/config-file.js';
export { ASTERISK_MAJORS, DEFAULT_ASTERISK, parseAsteriskVersion, type AsteriskVersion } from './lint/asterisk-version.js';
export { CATALOGUE, catalogueEntry, type CatalogueEntry } from './log/catalogue.js';
