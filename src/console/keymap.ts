import { usageError } from '../errors.js';

/**
 * The console's one key table: each command, its keys, its help text and
 * the pane it works in. The footer hints, the `?` screen, the README's key
 * table (checked by a test) and `[keys]` in the config file all read it.
 *
 * A pane's keys are looked up first when that pane has the focus, then the
 * global ones, so `up` moves the selection in the calls pane and scrolls in
 * the log.
 */
export type KeyContext = 'global' | 'calls' | 'log' | 'levels';

export const COMMANDS = [
  'quit', 'help', 'focus-next', 'focus-prev', 'pause', 'search', 'search-next', 'search-prev', 'escape',
  'filter-level', 'filter-channel', 'filter-device', 'filter-grep', 'filter-invert', 'filter-toggle', 'filter-clear',
  'global-level', 'save-view', 'save-call', 'redraw',
  'select-up', 'select-down', 'follow-call', 'device-up', 'device-down', 'device-clear', 'channel-up', 'channel-down', 'channel-clear',
  'scroll-up', 'scroll-down', 'page-up', 'page-down', 'top', 'bottom',
  'level-up', 'level-down', 'level-clear',
  'trace-call', 'turn-up-call', 'watch-line', 'watch-clear', 'watch-pause', 'trace-expand', 'save-trace',
] as const;

export type CommandName = (typeof COMMANDS)[number];

export interface Binding {
  command: CommandName;
  keys: string[];
  context: KeyContext;
  help: string;
  /** A word or two for the footer; commands without one are only on the `?` screen. */
  hint?: string;
}

export const DEFAULT_BINDINGS: readonly Binding[] = [
  { command: 'quit', keys: ['q', 'C-c'], context: 'global', help: 'quit (the terminal is restored)', hint: 'quit' },
  { command: 'help', keys: ['?'], context: 'global', help: 'this help', hint: 'help' },
  { command: 'focus-next', keys: ['tab'], context: 'global', help: 'next pane (calls, log, levels)', hint: 'pane' },
  { command: 'focus-prev', keys: ['S-tab'], context: 'global', help: 'previous pane' },
  { command: 'pause', keys: ['space'], context: 'global', help: 'pause the log / follow it again', hint: 'pause' },
  { command: 'search', keys: ['/'], context: 'global', help: 'search the log (regular expression; lower case ignores case)', hint: 'search' },
  { command: 'search-next', keys: ['n'], context: 'global', help: 'next match (newer)' },
  { command: 'search-prev', keys: ['N'], context: 'global', help: 'previous match (older)' },
  { command: 'escape', keys: ['escape'], context: 'global', help: 'clear the search, then the call filter' },
  { command: 'filter-level', keys: ['v'], context: 'global', help: 'filter: highest ChanLog level shown (empty: any)', hint: 'level' },
  { command: 'filter-channel', keys: ['c'], context: 'global', help: 'filter: channel glob (PJSIP/100-*) or /regex/' },
  { command: 'filter-device', keys: ['d'], context: 'global', help: 'filter: device glob (PJSIP/10?) or /regex/' },
  { command: 'filter-grep', keys: ['g'], context: 'global', help: 'filter: message regular expression', hint: 'grep' },
  { command: 'filter-invert', keys: ['i'], context: 'global', help: 'invert the filters (show what they hide)' },
  { command: 'filter-toggle', keys: ['F'], context: 'global', help: 'turn all filters off / on again', hint: 'filters' },
  { command: 'filter-clear', keys: ['x'], context: 'global', help: 'clear every filter' },
  { command: 'global-level', keys: ['a'], context: 'global', help: 'set the global level ChanLog/all (empty: clear it)', hint: 'all-level' },
  { command: 'save-view', keys: ['s'], context: 'global', help: 'save the lines in view to a file (.jsonl: JSON Lines)', hint: 'save' },
  { command: 'save-call', keys: ['S'], context: 'global', help: "save the selected call's lines to a file" },
  { command: 'redraw', keys: ['C-l'], context: 'global', help: 'redraw the screen' },
  { command: 'select-up', keys: ['up', 'k'], context: 'calls', help: 'select the call above' },
  { command: 'select-down', keys: ['down', 'j'], context: 'calls', help: 'select the call below' },
  { command: 'follow-call', keys: ['enter'], context: 'calls', help: "show only the selected call's lines (again: all)", hint: 'only call' },
  { command: 'device-up', keys: ['+', '='], context: 'calls', help: "raise the selected channel's device level", hint: 'dev level' },
  { command: 'device-down', keys: ['-'], context: 'calls', help: "lower the selected channel's device level" },
  { command: 'device-clear', keys: ['u'], context: 'calls', help: "clear the selected channel's device level" },
  { command: 'channel-up', keys: ['>'], context: 'calls', help: 'raise the selected channel\'s own level', hint: 'chan level' },
  { command: 'channel-down', keys: ['<'], context: 'calls', help: "lower the selected channel's own level" },
  { command: 'channel-clear', keys: ['U'], context: 'calls', help: "clear the selected channel's own level" },
  { command: 'scroll-up', keys: ['up', 'k'], context: 'log', help: 'scroll up one line (pauses)' },
  { command: 'scroll-down', keys: ['down', 'j'], context: 'log', help: 'scroll down one line' },
  { command: 'page-up', keys: ['pageup', 'C-b'], context: 'log', help: 'scroll up one page (pauses)', hint: 'scroll' },
  { command: 'page-down', keys: ['pagedown', 'C-f'], context: 'log', help: 'scroll down one page' },
  { command: 'top', keys: ['home'], context: 'log', help: 'oldest line in the scrollback' },
  { command: 'bottom', keys: ['end', 'G'], context: 'log', help: 'newest line, and follow', hint: 'follow' },
  { command: 'level-up', keys: ['up', 'k'], context: 'levels', help: 'select the level above' },
  { command: 'level-down', keys: ['down', 'j'], context: 'levels', help: 'select the level below' },
  { command: 'level-clear', keys: ['u', 'delete'], context: 'levels', help: 'clear the selected level', hint: 'clear' },
  { command: 'trace-call', keys: ['t'], context: 'calls', help: "trace the selected call: every step with its source line (again: close the trace)", hint: 'trace' },
  { command: 'turn-up-call', keys: ['f'], context: 'calls', help: 'follow the selected call: every channel of it logs at level 9, later legs too, until it ends (again: stop)', hint: 'follow call' },
  { command: 'watch-line', keys: ['w'], context: 'global', help: 'watch a source line FILE:LINE: a call that runs it is shown (and the log pauses, with P)' },
  { command: 'watch-clear', keys: ['W'], context: 'global', help: 'stop watching lines' },
  { command: 'watch-pause', keys: ['P'], context: 'global', help: 'pause the log when a call runs a watched line (again: do not)' },
  { command: 'trace-expand', keys: ['e'], context: 'global', help: "show the ChanLog routine's own steps in the trace (again: hide)" },
  { command: 'save-trace', keys: ['T'], context: 'global', help: "save the traced call's steps and lines to a file (.jsonl: JSON Lines)" },
];

/** One `command = keys` line of the config file's `[keys]` section. */
export interface KeySetting {
  command: string;
  keys: string;
  /** Where it was written, for messages: `FILE:LINE`. */
  place: string;
}

const KEY_NAME = /^(?:[CMS]-)*[^\s,]+$/;

export class Keymap {
  private constructor(readonly bindings: readonly Binding[]) {}

  static defaults(): Keymap {
    return new Keymap(DEFAULT_BINDINGS);
  }

  /** The defaults with `[keys]` settings applied: each replaces the keys of one command. Refuses unknown commands, bad key names and clashes. */
  static withSettings(settings: readonly KeySetting[]): Keymap {
    const bindings = DEFAULT_BINDINGS.map((b) => ({ ...b, keys: [...b.keys] }));
    for (const setting of settings) {
      const binding = bindings.find((b) => b.command === setting.command);
      if (!binding) throw usageError(`${setting.place}: unknown console command ${JSON.stringify(setting.command)} in [keys]; known: ${COMMANDS.join(', ')}`);
      const keys = setting.keys.split(',').map((k) => k.trim());
      const bad = keys.find((k) => !KEY_NAME.test(k));
      if (bad !== undefined) throw usageError(`${setting.place}: ${JSON.stringify(bad)} is not a key name (a character, or names such as C-x, up, pagedown, f5, space, enter)`);
      binding.keys = keys;
    }
    for (const binding of bindings) {
      for (const key of binding.keys) {
        const other = bindings.find((b) => b !== binding && b.context === binding.context && b.keys.includes(key));
        if (other) throw usageError(`[keys]: ${keyLabel(key)} is bound to both ${binding.command} and ${other.command}`);
      }
    }
    return new Keymap(bindings);
  }

  /** The command a key runs with this pane focused: the pane's own keys first, then the global ones. */
  resolve(key: string, focused: KeyContext): CommandName | undefined {
    return (this.bindings.find((b) => b.context === focused && b.keys.includes(key)) ?? this.bindings.find((b) => b.context === 'global' && b.keys.includes(key)))?.command;
  }

  /** The first key of a command, for hints and prompts. */
  keyOf(command: CommandName): string {
    return keyLabel(this.bindings.find((b) => b.command === command)?.keys[0] ?? '');
  }

  /** Footer hints: the focused pane's, then the global ones. */
  hints(focused: KeyContext): Array<{ key: string; hint: string }> {
    const pick = (context: KeyContext) =>
      this.bindings.filter((b) => b.context === context && b.hint && b.keys.length > 0).map((b) => ({ key: keyLabel(b.keys[0]!), hint: b.hint! }));
    return [...(focused === 'global' ? [] : pick(focused)), ...pick('global')];
  }
}

const LABELS: Record<string, string> = { space: 'Space', enter: 'Enter', escape: 'Esc', tab: 'Tab', 'S-tab': 'S-Tab', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End', up: '↑', down: '↓', delete: 'Del' };

/** How a key is written for people: `^C` for C-c, `PgUp`, `↑`. */
export function keyLabel(key: string): string {
  const label = LABELS[key];
  if (label) return label;
  const ctrl = /^C-(.)$/.exec(key);
  return ctrl ? `^${ctrl[1]!.toUpperCase()}` : key;
}
