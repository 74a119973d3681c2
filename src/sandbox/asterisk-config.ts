import { blank, comment, object, printConfig, setting, type ConfigDocument, type ConfigItem } from '../dialplan/config-printer.js';
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

export interface InstanceConfig {
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
            object('astetcdir', paths.etcInChroot),
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
      sections: [{ name: 'modules', items: [setting('autoload', 'no'), ...SANDBOX_MODULES.map((m) => object('load', m))] }],
    }),
  );
  files.set(
    'logger.conf',
    printConfig({
      preamble: [header],
      sections: [
        { name: 'general', items: [] },
        {
          name: 'logfiles',
          items: [object('messages.log', 'notice,warning,error,verbose'), object('console', 'notice,warning,error')],
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
  // pbx_config warns when users.conf is missing; an empty one keeps the log clean.
  files.set('users.conf', printConfig({ preamble: [header], sections: [] }));
  const includes: ConfigItem[] = config.dialplanIncludes.map((path) => ({ kind: 'include', path }));
  const extensions: ConfigDocument = {
    preamble: [header, blank, { kind: 'include', path: 'chanlog.conf' }, { kind: 'include', path: 'chanlog-demo.conf' }, ...includes],
    sections: [],
  };
  files.set('extensions.conf', printConfig(extensions));
  return files;
}
