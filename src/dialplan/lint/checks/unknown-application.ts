import { AsteriskNames } from '../asterisk-version.js';
import { AvailabilityReport } from '../availability.js';
import type { Check } from '../types.js';
import { at, forEachPriority } from '../walk.js';

/** What replaces an application Asterisk removed (advice; which were removed comes from the generated names). */
const REPLACEMENTS: Record<string, string> = {
  macro: 'use GoSub',
  macroexclusive: 'use GoSub',
  macroexit: 'use Return with GoSub',
  macroif: 'use GosubIf',
  sipaddheader: 'use Set(PJSIP_HEADER(add,NAME)=VALUE)',
  sipremoveheader: 'use Set(PJSIP_HEADER(remove,NAME)=)',
  sipdtmfmode: 'use Set(PJSIP_DTMF_MODE()=...)',
};

/**
 * The applications of the chosen Asterisk version. Asterisk loads a line
 * naming an application it lacks without a word and fails only when a call
 * reaches it. Names compare case-insensitively, as Asterisk compares them.
 *   E_REMOVED_APP          an earlier version had it, this one does not (Macro on 21+)
 *   W_UNKNOWN_APP          no version has it (a typo, `Dial,PJSIP/100`) or only a later one
 *   W_NOT_BUILT_BY_DEFAULT its module is left out of the default build (once per name)
 * With a live server's registered names (`--ami`), those are the truth: a
 * name the server has is fine whatever the version tables say, and one the
 * version has but the server lacks is W_NOT_LOADED (once per name); removed
 * and unknown names keep the messages above.
 */
export const unknownApplication: Check = {
  name: 'unknown-application',
  run({ result, settings, report }) {
    const names = new AsteriskNames(settings.asterisk);
    const registered = settings.registered;
    const availability = new AvailabilityReport(names.version, registered, report);
    forEachPriority(result, (priority) => {
      const app = priority.app;
      if (app === '' || app.includes('${') || app.includes('$[')) return;
      if (registered?.hasApplication(app)) return;
      const status = names.application(app);
      if (status.kind === 'known' && !registered) return;
      const place = at(result, priority, app);
      if (availability.reported(status, place)) return;
      if (status.kind === 'removed') {
        const advice = REPLACEMENTS[status.name.toLowerCase()];
        report({
          code: 'E_REMOVED_APP',
          message: `${status.name} was removed in Asterisk ${status.removedIn} (last in ${status.lastIn})${advice ? `; ${advice}` : ''}`,
          ...place,
        });
        return;
      }
      let message = `unknown application '${app}'`;
      const comma = app.indexOf(',');
      const name = comma > 0 ? app.slice(0, comma) : app;
      if (comma > 0 && names.application(name).kind !== 'unknown') {
        message += `: the arguments need parentheses, ${name}(${app.slice(comma + 1)})`;
      } else if (status.kind === 'added-later') {
        message += `: ${status.name} came in Asterisk ${status.addedIn}, after ${names.version}`;
      } else if (app !== app.trim()) {
        message += ': white space around the name is part of it';
      }
      report({ code: 'W_UNKNOWN_APP', message, ...place });
    });
  },
};
