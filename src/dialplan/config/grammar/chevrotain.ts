import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as ChevrotainApi from 'chevrotain';

/**
 * Chevrotain, loaded from the single-file bundle the package ships
 * (lib/chevrotain.mjs) instead of its package entry. The entry is the
 * unbundled source, which pulls in hundreds of lodash-es modules and costs
 * about 450 ms of CPU at every start; the bundle loads in about 15 ms. The
 * API is the same; types still come from the package.
 */
const require = createRequire(import.meta.url);
const entry = require.resolve('chevrotain'); // <package>/lib/src/api.js
const bundle = path.join(path.dirname(entry), '..', 'chevrotain.mjs');
const chevrotain = (await import(pathToFileURL(bundle).href)) as typeof ChevrotainApi;

export const { createToken, Lexer, CstParser, EmbeddedActionsParser, createSyntaxDiagramsCode } = chevrotain;
