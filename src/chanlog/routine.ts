import { blank, comment, object, type ConfigDocument, type ConfigItem } from '../dialplan/config/printer.js';
import { ALL_KEY, CHANNEL_PREFIX, FAMILY, LEVEL_MAX, LEVEL_MIN } from './keys.js';

/** The context name callers GoSub into: `GoSub(chanlog,s,1(LEVEL,MESSAGE))`. */
export const ROUTINE_CONTEXT = 'chanlog';

/**
 * The step that starts the printing path. Its AppData after substitution is
 * `LOCAL(chanlog_level)=LEVEL,CONTEXT,EXTEN,PRIORITY`, so a reader of
 * Newexten events (chanlog tail) learns the level of the Verbose line that
 * follows on that channel and where the caller's GoSub is: that is the line
 * a person debugging wants to see, not the routine's own Verbose step.
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
 * Reads the marker step's AppData. Accepts the older marker that carried
 * only the level (routines generated before the caller was added), so a
 * server that still runs one keeps working.
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

interface Step {
  label?: string;
  app: string;
  data: string;
  /** Why the step is there; becomes a comment on the line. */
  why?: string;
}

const numeric = (expr: string) => `\${REGEX("^[0-9]+$" ${expr})}`;
const dbKey = (key: string) => `${FAMILY}/${key}`;

/** Keeps the larger of `threshold` and a stored level, ignoring stored text that is not a whole number. */
function considerStoredLevel(key: string, why: string, label?: string): Step[] {
  return [
    { ...(label ? { label } : {}), app: 'Set', data: `LOCAL(stored)=\${DB(${dbKey(key)})}`, why },
    { app: 'Set', data: `LOCAL(stored)=\${IF(${numeric('${stored}')}?\${stored}:-1)}`, why: 'a value that is not a whole number counts as unset' },
    { app: 'Set', data: 'LOCAL(threshold)=${MAX(${threshold},${stored})}' },
  ];
}

/**
 * The routine as steps. It fixes the published routine's defects:
 * - the device is the channel name minus its last `-suffix`, so device
 *   names that hold a `-` work (`CUT(CHANNEL,-,1)` cut them short);
 * - every argument after LEVEL is part of the message, joined with the
 *   commas that separated them (the original printed only up to the first);
 * - a stored level that is not a whole number is ignored instead of making
 *   every message print;
 * - a LEVEL that is not a whole number prints nothing.
 */
export function routineSteps(): Step[] {
  return [
    { app: 'GotoIf', data: `$[${numeric('${ARG1}')}]?check`, why: 'LEVEL must be a whole number' },
    { app: 'Return', data: '' },
    { label: 'check', app: 'Set', data: 'LOCAL(threshold)=-1' },
    ...considerStoredLevel(ALL_KEY, 'the global level'),
    ...considerStoredLevel(`${CHANNEL_PREFIX}\${CHANNEL}`, 'this channel'),
    { app: 'Set', data: 'LOCAL(device)=${CHANNEL}' },
    { app: 'Set', data: 'LOCAL(fields)=${FIELDQTY(CHANNEL,-)}', why: 'the device is the channel name up to its last "-"' },
    { app: 'GotoIf', data: '$[${fields} < 2]?device' },
    { app: 'Set', data: 'LOCAL(device)=${CUT(CHANNEL,-,1-$[${fields} - 1])}' },
    ...considerStoredLevel(`${CHANNEL_PREFIX}\${device}`, 'this device', 'device'),
    { app: 'GotoIf', data: '$[${ARG1} > ${threshold}]?done' },
    {
      app: 'Set',
      // STACK_PEEK(1,p) is the priority of the caller's GoSub step itself; the final 1 keeps it quiet outside a GoSub.
      data: `${LEVEL_MARKER_PREFIX}\${ARG1},\${STACK_PEEK(1,c,1)},\${STACK_PEEK(1,e,1)},\${STACK_PEEK(1,p,1)}`,
      why: 'tells chanlog tail the level and the caller',
    },
    { app: 'Set', data: 'LOCAL(message)=${ARG2}' },
    { app: 'Set', data: 'LOCAL(i)=3' },
    { label: 'join', app: 'GotoIf', data: '$[${i} > ${ARGC}]?print', why: 'commas in MESSAGE split it into ARG2, ARG3...: join them again' },
    { app: 'Set', data: 'LOCAL(message)=${message},${ARG${i}}' },
    { app: 'Set', data: 'LOCAL(i)=$[${i} + 1]' },
    { app: 'Goto', data: 'join' },
    { label: 'print', app: 'Verbose', data: '0,${message}' },
    { label: 'done', app: 'Return', data: '' },
  ];
}

function stepLine(step: Step, index: number): ConfigItem {
  const priority = index === 0 ? '1' : 'n';
  const label = step.label ? `(${step.label})` : '';
  const value = `${index === 0 ? 's,' : ''}${priority}${label},${step.app}(${step.data})`;
  return object(index === 0 ? 'exten' : ' same', value, step.why);
}

/** The shipped include, `dialplan/chanlog.conf`, as a config document. */
export function routineDocument(): ConfigDocument {
  return {
    preamble: [
      comment(
        [
          'chanlog: per-channel logging for the Asterisk dialplan.',
          'Generated by `chanlog generate`; edit the generator, not this file.',
          '',
          'Call it as GoSub(chanlog,s,1(LEVEL,MESSAGE)). MESSAGE is printed with',
          'Verbose(0,...) when LEVEL is at or below the level stored in AstDB for',
          `everyone (${FAMILY}/${ALL_KEY}), this channel (${FAMILY}/${CHANNEL_PREFIX}<channel>) or`,
          `its device (${FAMILY}/${CHANNEL_PREFIX}<channel name without its -suffix>).`,
          `Levels are whole numbers from ${LEVEL_MIN} to ${LEVEL_MAX}; set them with \`chanlog level set\`.`,
        ].join('\n'),
      ),
      blank,
    ],
    sections: [{ name: ROUTINE_CONTEXT, items: routineSteps().map(stepLine) }],
  };
}
