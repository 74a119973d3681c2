import { AsteriskNames } from '../asterisk-version.js';
import { AvailabilityReport } from '../availability.js';
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
    const availability = new AvailabilityReport(names.version, registered, report);
    forEachPriority(result, (priority) => {
      for (const match of priority.data.matchAll(CALL)) {
        const name = match[1]!;
        if (registered?.hasFunction(name)) continue;
        const status = names.function(name);
        if (status.kind === 'known' && !registered) continue;
        const place = at(result, priority, `\${${name}(`);
        if (availability.reported(status, place)) continue;
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
