import { describe, expect, it } from 'vitest';
import { renderInstanceConfig, SANDBOX_MODULES, type InstanceConfig } from '../../src/sandbox/asterisk-config.js';
import { InstancePaths } from '../../src/sandbox/paths.js';

const paths = new InstancePaths('/chroot', 'x');
const base: InstanceConfig = { amiPort: 5038, moduleDir: '/usr/lib/asterisk/modules', users: [], dialplanIncludes: ['user/a.conf'] };

describe('the instance configuration', () => {
  it('keeps the standard files when no profile is given', () => {
    const files = renderInstanceConfig(paths, base);
    expect([...files.keys()].sort()).toEqual(['asterisk.conf', 'extensions.conf', 'logger.conf', 'manager.conf', 'modules.conf', 'users.conf']);
    expect(files.get('asterisk.conf')).toContain('astetcdir => /var/lib/chanlog/instances/x/etc\n');
    for (const module of SANDBOX_MODULES) expect(files.get('modules.conf')).toContain(`load => ${module}\n`);
    expect(files.get('extensions.conf')).toContain('#include "chanlog.conf"\n');
    expect(files.get('extensions.conf')).toContain('#include "user/a.conf"\n');
    expect(files.get('logger.conf')).not.toContain('logger_queue_limit');
  });
  it('applies a profile: modules, no users.conf, own extensions.conf, log files, queue limit, config dir', () => {
    const files = renderInstanceConfig(paths, {
      ...base,
      modules: ['pbx_config.so'],
      usersConf: false,
      extensionsConf: '[general]\n',
      logFiles: { 'dialplan.log': '[plain]notice,warning,error' },
      loggerQueueLimit: 5000,
      configDirInChroot: '/etc/asterisk',
    });
    expect(files.has('users.conf')).toBe(false);
    expect(files.get('extensions.conf')).toBe('[general]\n');
    expect(files.get('modules.conf')!.match(/^load => .*$/gm)).toEqual(['load => pbx_config.so']);
    expect(files.get('logger.conf')).toContain('logger_queue_limit = 5000\n');
    expect(files.get('logger.conf')).toContain('dialplan.log => [plain]notice,warning,error\n');
    expect(files.get('asterisk.conf')).toContain('astetcdir => /etc/asterisk\n');
  });
});
