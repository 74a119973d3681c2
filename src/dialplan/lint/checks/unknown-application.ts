import { APPLICATIONS } from '../asterisk-names.js';
import type { Check } from '../types.js';
import { at, forEachPriority } from '../walk.js';

const known = new Set(APPLICATIONS.map((name) => name.toLowerCase()));

/** Applications removed in recent Asterisk versions, with what replaces them. */
const REMOVED: Record<string, string> = {
  macro: 'Macro was removed in Asterisk 21; use GoSub',
  macroexclusive: 'MacroExclusive was removed in Asterisk 21; use GoSub',
  macroexit: 'MacroExit was removed in Asterisk 21; use Return with GoSub',
  macroif: 'MacroIf was removed in Asterisk 21; use GosubIf',
  sipaddheader: 'chan_sip was removed in Asterisk 21; use Set(PJSIP_HEADER(add,NAME)=VALUE)',
  sipremoveheader: 'chan_sip was removed in Asterisk 21; use Set(PJSIP_HEADER(remove,NAME)=)',
  sipdtmfmode: 'chan_sip was removed in Asterisk 21; use Set(PJSIP_DTMF_MODE()=...)',
};

/**
 * W_UNKNOWN_APP: an application Asterisk 22 does not have. Asterisk loads
 * such a line without a word and fails only when a call reaches it. Names
 * compare case-insensitively, as Asterisk compares them.
 */
export const unknownApplication: Check = {
  code: 'W_UNKNOWN_APP',
  severity: 'warning',
  summary: 'application unknown to Asterisk 22 (typo, removed app, or legacy comma syntax)',
  run({ result, report }) {
    forEachPriority(result, (priority) => {
      const app = priority.app;
      if (app === '' || app.includes('${') || app.includes('$[') || known.has(app.toLowerCase())) return;
      let message = `unknown application '${app}'`;
      const comma = app.indexOf(',');
      const name = comma > 0 ? app.slice(0, comma) : app;
      if (comma > 0 && known.has(name.toLowerCase())) {
        message += `: the arguments need parentheses, ${name}(${app.slice(comma + 1)})`;
      } else if (REMOVED[app.toLowerCase()]) {
        message += `: ${REMOVED[app.toLowerCase()]}`;
      } else if (app !== app.trim()) {
        message += ': white space around the name is part of it';
      }
      report({ message, ...at(result, priority, app) });
    });
  },
};
