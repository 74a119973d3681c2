import { blank, comment, type ConfigDocument } from '../dialplan/config/printer.js';
import { extensionItems, type Step } from './dialplan-steps.js';
import { ALL_KEY, CALL_PREFIX, CHANNEL_PREFIX, FAMILY, LEVEL_MAX, LEVEL_MIN } from './keys.js';
import { ROUTINE_EVENT_HEADERS, ROUTINE_EVENT_NAME } from './user-event.js';

export type { Step } from './dialplan-steps.js';

/** The context name callers GoSub into by default: `GoSub(chanlog,s,1(LEVEL,MESSAGE))`. */
export const ROUTINE_CONTEXT = 'chanlog';

/** What `chanlog generate` can change in the routine. */
export interface RoutineOptions {
  /** The context callers GoSub into. */
  context: string;
  /** The AstDB family the levels live in. */
  family: string;
  /** The Verbose() level of the printed line (0-4). */
  verboseLevel: number;
}

export const DEFAULT_ROUTINE_OPTIONS: Readonly<RoutineOptions> = { context: ROUTINE_CONTEXT, family: FAMILY, verboseLevel: 0 };

/**
 * The variable of the level-marker step that routines generated before the
 * UserEvent set on their printing path. Its AppData after substitution is
 * `LOCAL(chanlog_level)=LEVEL,CONTEXT,EXTEN,PRIORITY`; readers keep
 * understanding it so a server that still runs such a routine keeps working.
 */
export const LEVEL_MARKER_VARIABLE = 'chanlog_level';

/** Where a GoSub into the routine came from. */
export interface CallerLocation {
  context: string;
  extension: string;
  priority: number;
}

export interface LevelMarker {
  level: number;
  caller?: CallerLocation;
}

const LEVEL_MARKER_PREFIX = `LOCAL(${LEVEL_MARKER_VARIABLE})=`;

/**
 * Reads an older routine's marker step's AppData. Accepts the oldest marker
 * that carried only the level, so a server that still runs one keeps working.
 */
export function parseLevelMarker(appData: string): LevelMarker | undefined {
  if (!appData.startsWith(LEVEL_MARKER_PREFIX)) return undefined;
  const fields = appData.slice(LEVEL_MARKER_PREFIX.length).split(',');
  const level = Number(fields[0]);
  if (!/^[0-9]+$/.test(fields[0] ?? '') || !Number.isSafeInteger(level)) return undefined;
  if (fields.length < 4) return { level };
  // Context and priority cannot hold a comma; whatever is between them is the extension.
  const context = fields[1]!;
  const priorityText = fields[fields.length - 1]!;
  const extension = fields.slice(2, -1).join(',');
  if (!context || !extension || !/^[0-9]+$/.test(priorityText)) return { level };
  return { level, caller: { context, extension, priority: Number(priorityText) } };
}

/**
 * How many message arguments (ARG2..ARGn) the printing path joins in one
 * expression: messages with up to 8 commas print in 4 steps; longer ones
 * go through a loop.
 */
export const INLINE_MESSAGE_ARGS = 9;
const LAST_INLINE_ARG = INLINE_MESSAGE_ARGS + 1;

/**
 * An operand of `$[...]` that is a stored value when the value is a whole
 * number, and otherwise an empty string (which compares below every number,
 * without any warning). URIENCODE() keeps digits as they are and turns every
 * other byte into something that is not a digit and cannot end the quoted
 * operand (a `"` would, and Asterisk would log a syntax error); the `x`
 * keeps the operand from being empty. A quoted operand compares as text, so
 * the value is taken from the regex capture, which compares as a number.
 */
function storedLevel(value: string): string {
  return `("x\${URIENCODE(${value})}" =~ "^x([0-9]+)$")`;
}

/**
 * LEVEL as a number token: its digits only, behind a 0 so the token is never
 * empty. Only the digits reach the expression, so no LEVEL can break it;
 * that LEVEL is a whole number at all is LEVEL_IS_WHOLE's to say.
 */
const LEVEL_DIGITS = '${FILTER(0-9,${ARG1})}';
const LEVEL_NUMBER = `0${LEVEL_DIGITS}`;

/**
 * True when LEVEL is a whole number: not empty, and nothing but digits,
 * which is when URIENCODE() leaves it as FILTER() does (both are safe
 * inside quotes). Plain text comparisons: cheaper than a regex, which
 * Asterisk compiles again at every call.
 */
const LEVEL_IS_WHOLE = `("x\${URIENCODE(\${ARG1})}" = "x${LEVEL_DIGITS}") & ("x${LEVEL_DIGITS}" != "x")`;

/**
 * The channel name up to its last `-` (the device). The suffix is the last
 * `-` field; dropping it and its `-` with a negative substring length never
 * puts the name itself into an expression, so no byte of it can break one.
 */
export const DEVICE_EXPRESSION = '${CHANNEL:0:-$[${LEN(${CUT(CHANNEL,-,${FIELDQTY(CHANNEL,-)})})} + 1]}';

/** The four keys the routine reads, relative to the family. */
const LEVEL_KEYS = [ALL_KEY, `${CHANNEL_PREFIX}\${CHANNEL}`, `${CHANNEL_PREFIX}${DEVICE_EXPRESSION}`, `${CALL_PREFIX}\${CHANNEL(linkedid)}`];

/**
 * True when the message prints: LEVEL is a whole number and at or below one
 * of the stored levels that is a whole number (so at or below the highest).
 */
function printCondition(family: string): string {
  const atOrBelow = LEVEL_KEYS.map((key) => `(${LEVEL_NUMBER} <= ${storedLevel(`\${DB(${family}/${key})}`)})`);
  return `${LEVEL_IS_WHOLE} & (${atOrBelow.join(' | ')})`;
}

/** ARG2..ARG10 joined again with the commas GoSub split them at (a comma only where an argument follows). */
const INLINE_MESSAGE = ['${ARG2}', ...Array.from({ length: LAST_INLINE_ARG - 2 }, (_, i) => `\${IF($[\${ARGC} >= ${i + 3}]?,)}\${ARG${i + 3}}`)].join('');

/**
 * BASE64_ENCODE() of the message, except that an empty message goes to
 * URIENCODE() instead (which gives an empty string), because
 * BASE64_ENCODE() logs a warning for an empty argument. The function name
 * is chosen first, so the message is encoded by one function only.
 */
function encodedMessage(message: string): string {
  return `\${\${IF($[\${ARGC} > 2 | \${LEN(\${ARG2})} > 0]?BASE64_ENCODE:URIENCODE)}(${message})}`;
}

/** The UserEvent that carries a printed line to chanlog (see user-event.ts). */
function userEvent(message: string, verboseLevel: number): Step {
  const h = ROUTINE_EVENT_HEADERS;
  const fields = [
    ROUTINE_EVENT_NAME,
    `${h.level}: \${ARG1}`,
    `${h.verboseLevel}: ${verboseLevel}`,
    // STACK_PEEK(1,...) is the caller's GoSub step itself; the final 1 keeps it quiet outside a GoSub.
    `${h.context}: \${BASE64_ENCODE(\${STACK_PEEK(1,c,1)})}`,
    `${h.extension}: \${BASE64_ENCODE(\${STACK_PEEK(1,e,1)})}`,
    `${h.priority}: \${STACK_PEEK(1,p,1)}`,
    `${h.message}: ${encodedMessage(message)}`,
  ];
  return { app: 'UserEvent', data: fields.join(','), why: 'tells chanlog the line, its ChanLog and Verbose levels and the caller' };
}

/**
 * Where the printing step stands from the UserEvent step: right after it.
 * Readers use it to name the step that printed a line they read from the event.
 */
export const VERBOSE_STEP_AFTER_EVENT = 1;

function printSteps(message: string, verboseLevel: number): Step[] {
  return [userEvent(message, verboseLevel), { app: 'Verbose', data: `${verboseLevel},${message}` }, { app: 'Return', data: '' }];
}

/**
 * The routine as steps. A message that does not print costs one step (the
 * ExecIf that returns); one that prints costs four (ExecIf, UserEvent,
 * Verbose, Return) when it holds at most 8 commas. Rules kept from the
 * published routine and its fixes:
 * - levels: `all`, `channel/<channel>`, `channel/<device>` (the channel name
 *   up to its last `-`) and `call/<linkedid>`; the highest counts;
 * - a stored value that is not a whole number counts as unset, and a LEVEL
 *   that is not a whole number prints nothing, without a warning in the log;
 * - every argument after LEVEL is part of the message, joined with the
 *   commas that separated them.
 */
export function routineSteps(options: RoutineOptions = DEFAULT_ROUTINE_OPTIONS): Step[] {
  const longMessage = `\${IF($[\${ARGC} > ${LAST_INLINE_ARG}]?Goto(join):NoOp())}`;
  return [
    {
      app: 'ExecIf',
      data: `$[${printCondition(options.family)}]?${longMessage}:Return()`,
      why: 'returns at once unless the message prints',
    },
    ...printSteps(INLINE_MESSAGE, options.verboseLevel),
    { label: 'join', app: 'Set', data: `LOCAL(message)=${INLINE_MESSAGE}`, why: `more than ${INLINE_MESSAGE_ARGS} pieces: join the rest in a loop` },
    { app: 'Set', data: `LOCAL(i)=${LAST_INLINE_ARG + 1}` },
    { label: 'more', app: 'Set', data: 'LOCAL(message)=${message},${ARG${i}}' },
    { app: 'Set', data: 'LOCAL(i)=$[${i} + 1]' },
    { app: 'GotoIf', data: '$[${i} <= ${ARGC}]?more' },
    ...printSteps('${message}', options.verboseLevel),
  ];
}

/** The command line that generates a routine with these options. */
export function routineCommandLine(options: RoutineOptions): string {
  return `chanlog generate --context ${options.context} --family ${options.family} --verbose-level ${options.verboseLevel}`;
}

/** The routine include (`dialplan/chanlog.conf` with the defaults) as a config document. */
export function routineDocument(version: string, options: RoutineOptions = DEFAULT_ROUTINE_OPTIONS): ConfigDocument {
  const f = options.family;
  return {
    preamble: [
      comment(
        [
          `chanlog ${version}: per-channel logging for the Asterisk dialplan.`,
          `Generated by \`${routineCommandLine(options)}\`;`,
          'edit the options, not this file.',
          '',
          `Call it as GoSub(${options.context},s,1(LEVEL,MESSAGE)). MESSAGE is printed with`,
          `Verbose(${options.verboseLevel},...) and sent to chanlog as UserEvent(${ROUTINE_EVENT_NAME}) when LEVEL is at`,
          'or below the highest level stored in AstDB for',
          `everyone (${f}/${ALL_KEY}), this channel (${f}/${CHANNEL_PREFIX}<channel>),`,
          `its device (${f}/${CHANNEL_PREFIX}<channel name up to its last "-">) or`,
          `its call (${f}/${CALL_PREFIX}<linkedid>).`,
          `Levels are whole numbers from ${LEVEL_MIN} to ${LEVEL_MAX}; set them with \`chanlog level set\`.`,
          'Needs func_base64, func_uri, func_db, func_strings, func_cut, func_logic,',
          'func_channel, app_stack, app_exec, app_userevent and app_verbose.',
        ].join('\n'),
      ),
      blank,
    ],
    sections: [{ name: options.context, items: extensionItems('s', routineSteps(options)) }],
  };
}
