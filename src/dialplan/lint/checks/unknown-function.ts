import { AsteriskNames } from '../asterisk-version.js';
import { notLoadedMessage } from '../registered-names.js';
import type { Check } from '../types.js';
import { at, forEachPriority } from '../walk.js';

const CALL = /\$\{([A-Za-z_][A-Za-z0-9_]*)\(/g;

/**
 * `${NAME(...)}` where the chosen Asterisk version has no function of that
 * name (W_UNKNOWN_FUNCTION; names compare exactly: CALLERID, not CallerID),
 * or one whose module the default build leaves out (W_NOT_BUILT_BY_DEFAULT,
 * once per name). With a live server's registered names (`--ami`), a name
 * the server has is fine, and one the version has but the server lacks is
 * W_NOT_LOADED (once per name).
 */
export const unknownFunction: Check = {
  name: 'unknown-function',
  run({ result, settings, report }) {
    const names = new AsteriskNames(settings.asterisk);
    const registered = settings.registered;
    const byLowerCase = names.functionsByLowerCase();
    const flagged = new Set<string>();
    forEachPriority(result, (priority) => {
      for (const match of priority.data.matchAll(CALL)) {
        const name = match[1]!;
        if (registered?.hasFunction(name)) continue;
        const status = names.function(name);
        if (status.kind === 'known' && !registered) continue;
        const place = at(result, priority, `\${${name}(`);
        if (registered && (status.kind === 'known' || status.kind === 'not-built-by-default')) {
          if (flagged.has(name)) continue;
          flagged.add(name);
          const module = status.kind === 'not-built-by-default' ? status.module : undefined;
          report({ code: 'W_NOT_LOADED', message: notLoadedMessage(name, registered, names.version, module), ...place });
          continue;
        }
        if (status.kind === 'not-built-by-default') {
          if (flagged.has(name)) continue;
          flagged.add(name);
          report({
            code: 'W_NOT_BUILT_BY_DEFAULT',
            message: `${name} is in ${status.module}, which Asterisk ${names.version} does not build by default: check that the module is loaded (reported once)`,
            ...place,
          });
          continue;
        }
        const hint = byLowerCase.get(name.toLowerCase());
        const why =
          status.kind === 'removed'
            ? ` (removed in Asterisk ${status.removedIn}, last in ${status.lastIn})`
            : status.kind === 'added-later'
              ? ` (came in Asterisk ${status.addedIn}, after ${names.version})`
              : hint
                ? ` (did you mean ${hint}? function names are case-sensitive)`
                : '';
        report({ code: 'W_UNKNOWN_FUNCTION', message: `unknown function '${name}'${why}`, ...place });
      }
    });
  },
};
