import { blank, comment, object, printConfig, setting, type ConfigDocument, type ConfigItem } from '../dialplan/config/printer.js';
import type { InstancePaths } from './paths.js';

/**
 * The modules the sandbox loads: the dialplan loader, what the ChanLog
 * routine and the tests use, and nothing that registers contexts of its own
 * (so `dialplan show` lists only what the loaded files define).
 */
export const SANDBOX_MODULES = [
  'pbx_config.so',
  'app_verbose.so',
  'app_stack.so',
  'app_db.so',
  'app_exec.so',
  'app_userevent.so',
  'app_echo.so',
  'app_playback.so',
  'app_dial.so',
  'app_while.so',
  'func_db.so',
  'func_base64.so',
  'func_uri.so',
  'func_cut.so',
  'func_strings.so',
  'func_logic.so',
  'func_math.so',
  'func_channel.so',
  'func_global.so',
  'func_rand.so',
  'bridge_simple.so',
];

export interface ManagerUser {
  name: string;
  secret: string;
  read: string;
  write: string;
}

/**
 * Departures from the standard sandbox configuration, for special-purpose
 * instances such as the dialplan oracle (test/tools/oracle/oracle.ts). Every field
 * is optional and its absence keeps the standard behaviour.
 */
export interface InstanceProfile {
  /** The modules to load (`autoload = no`); default SANDBOX_MODULES. */
  modules?: readonly string[];
  /**
   * Whether to write an empty users.conf (default true). With false there is
   * no users.conf at all; pbx_config then neither reads one nor logs that it
   * is deprecated.
   */
  usersConf?: boolean;
  /** The whole text of extensions.conf, instead of one that includes the chanlog routine and the user's dialplan. */
  extensionsConf?: string;
  /** More `[logfiles]` channels, file name to levels (e.g. `'[plain]notice,warning,error'`). */
  logFiles?: Readonly<Record<string, string>>;
  /** logger.conf `logger_queue_limit` (Asterisk's default 1000 drops messages of very noisy loads). */
  loggerQueueLimit?: number;
  /**
   * The configuration directory as Asterisk sees it (asterisk.conf
   * `astetcdir`); default the instance's own etc directory. The sandbox
   * makes another path show the instance's files (see UpOptions.profile).
   */
  configDirInChroot?: string;
}

export interface InstanceConfig extends InstanceProfile {
  amiPort: number;
  /** Where the chroot's Asterisk keeps its modules (architecture dependent). */
  moduleDir: string;
  users: ManagerUser[];
  /** Paths, relative to the config directory, that extensions.conf includes after the chanlog routine. */
  dialplanIncludes: string[];
}

/** Every config file of an instance, file name to text. */
export function renderInstanceConfig(paths: InstancePaths, config: InstanceConfig): Map<string, string> {
  const files = new Map<string, string>();
  const header = comment('Written by chanlog sandbox; rewritten at every `chanlog sandbox up`.');
  const dir = paths.inChroot;
  files.set(
    'asterisk.conf',
    printConfig({
      preamble: [header],
      sections: [
        {
          name: 'directories',
          items: [
            object('astetcdir', config.configDirInChroot ?? paths.etcInChroot),
            object('astmoddir', config.moduleDir),
            object('astvarlibdir', '/var/lib/asterisk'),
            object('astdbdir', `${dir}/lib`),
            object('astkeydir', '/var/lib/asterisk'),
            object('astdatadir', '/usr/share/asterisk'),
            object('astagidir', '/usr/share/asterisk/agi-bin'),
            object('astspooldir', `${dir}/spool`),
            object('astrundir', `${dir}/run`),
            object('astlogdir', `${dir}/log`),
            object('astcachedir', `${dir}/cache`),
            object('astsbindir', '/usr/sbin'),
          ],
        },
        { name: 'options', items: [object('verbose', '0'), object('debug', '0')] },
      ],
    }),
  );
  files.set(
    'modules.conf',
    printConfig({
      preamble: [header],
      sections: [{ name: 'modules', items: [setting('autoload', 'no'), ...(config.modules ?? SANDBOX_MODULES).map((m) => object('load', m))] }],
    }),
  );
  files.set(
    'logger.conf',
    printConfig({
      preamble: [header],
      sections: [
        { name: 'general', items: config.loggerQueueLimit === undefined ? [] : [setting('logger_queue_limit', config.loggerQueueLimit)] },
        {
          name: 'logfiles',
          items: [
            object('messages.log', 'notice,warning,error,verbose'),
            object('console', 'notice,warning,error'),
            ...Object.entries(config.logFiles ?? {}).map(([file, levels]) => object(file, levels)),
          ],
        },
      ],
    }),
  );
  files.set(
    'manager.conf',
    printConfig({
      preamble: [header],
      sections: [
        {
          name: 'general',
          items: [setting('enabled', 'yes'), setting('port', config.amiPort), setting('bindaddr', '127.0.0.1'), setting('displayconnects', 'no')],
        },
        ...config.users.map((user) => ({
          name: user.name,
          items: [
            setting('secret', user.secret),
            setting('deny', '0.0.0.0/0.0.0.0'),
            setting('permit', '127.0.0.1/255.255.255.255'),
            setting('read', user.read),
            setting('write', user.write),
          ],
        })),
      ],
    }),
  );
  // The standard instance has always written an empty users.conf. (Verified on
  // 22.10.1: pbx_config then logs once that users.conf is deprecated; with no
  // file at all it logs nothing, which is what the dialplan oracle wants.)
  if (config.usersConf !== false) files.set('users.conf', printConfig({ preamble: [header], sections: [] }));
  if (config.extensionsConf !== undefined) {
    files.set('extensions.conf', config.extensionsConf);
    return files;
  }
  const includes: ConfigItem[] = config.dialplanIncludes.map((path) => ({ kind: 'include', path }));
  const extensions: ConfigDocument = {
    preamble: [header, blank, { kind: 'include', path: 'chanlog.conf' }, { kind: 'include', path: 'chanlog-demo.conf' }, ...includes],
    sections: [],
  };
  files.set('extensions.conf', printConfig(extensions));
  return files;
}
