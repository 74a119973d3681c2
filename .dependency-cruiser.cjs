// The import directions of src/dialplan, checked by `npm test`
// (test/dialplan/layers.test.ts). The layers, in the order data flows:
//   text/   bytes, the text store, the interner, int vectors
//   log/    what Asterisk prints while loading (and the refusal built from it)
//   config/ main/config.c: scanner, grammars, reader, its messages, printer
//   model/  the loaded dialplan's types, extension order, application arguments
//   pbx/    pbx_config.c and pbx.c: loader, contexts, patterns, timing, substitution, expressions
//   render/ show, json, locator            lint/  Asterisk's messages and chanlog's checks
// A layer imports only the layers it names below; index.ts only re-exports.
// And src/ (what the package ships) never imports test/, where the developer
// tools live (test/tools/: benchmarks, the Asterisk oracle, the grammar generator).
// src/ami has no import cycles either (type-only imports included).
const dialplan = '^src/dialplan/';

/** A rule: files under `layer` may import only the dialplan layers in `allowed`. */
function layer(name, allowed) {
  return {
    name: `${name}-imports-only-${allowed.join('-')}`,
    comment: `src/dialplan/${name}/ may import only from ${allowed.map((a) => `${a}/`).join(', ')}`,
    severity: 'error',
    from: { path: `${dialplan}${name}/` },
    to: { path: dialplan, pathNot: `${dialplan}(${allowed.join('|')})/` },
  };
}

module.exports = {
  forbidden: [
    layer('text', ['text']),
    layer('log', ['text', 'log']),
    layer('config', ['text', 'log', 'config']),
    layer('model', ['text', 'model']),
    layer('pbx', ['text', 'log', 'config', 'model', 'pbx']),
    layer('render', ['text', 'log', 'model', 'pbx', 'render']),
    layer('lint', ['text', 'log', 'config', 'model', 'pbx', 'render', 'lint']),
    {
      name: 'other-rooms-use-the-index',
      comment:
        'outside src/dialplan, import src/dialplan/index.ts; only the two light leaves (config/printer.ts, model/app-args.ts) may be imported directly, by code that must not pay for loading the parser',
      severity: 'error',
      from: { path: '^src/', pathNot: dialplan },
      to: { path: dialplan, pathNot: `${dialplan}(index|config/printer|model/app-args)\\.ts$` },
    },
    {
      name: 'shipped-code-never-imports-tests',
      comment:
        'src/ is what the package ships; test/ (the tests, and test/tools/: benchmarks, the Asterisk oracle, the grammar generator) is not, so src/ never imports it',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'dialplan-talks-to-no-server',
      comment:
        'src/dialplan reads files only: what a live server says (lint --ami) is read in src/ami and src/cli and handed in as plain lists; of the other rooms it may use only util/ and errors.ts',
      severity: 'error',
      from: { path: dialplan },
      to: { path: '^src/', pathNot: ['^src/dialplan/', '^src/util/', '^src/errors\\.ts$'] },
    },
    {
      name: 'no-circular-in-dialplan',
      comment: 'the dialplan layers have no import cycles',
      severity: 'error',
      from: { path: dialplan },
      to: { circular: true },
    },
    {
      name: 'no-circular-in-ami',
      comment: 'src/ami has no import cycles, type-only ones included: types both sides need go to a module of their own (channel-step.ts)',
      severity: 'error',
      from: { path: '^src/ami/' },
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count: a layer must not even name a higher layer's types.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-dev|node_modules)/' },
  },
};
