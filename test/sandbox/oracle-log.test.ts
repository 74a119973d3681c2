import { describe, expect, it } from 'vitest';
import { formatLogLine, LOG_LINE_LIMIT, normaliseConfigDir, parseLogText } from '../tools/oracle/oracle-log.js';

describe('parsing the oracle log ([plain] format)', () => {
  it('splits a line into level, source, function and message, dropping the banner', () => {
    const text = [
      '[Nov 23 22:41:14] Asterisk 22.10.1 built by debian @ host on a x86_64 running Linux',
      "[Nov 23 22:41:14] WARNING[12803]: config.c:2330 process_text_line: No '=' (equal sign) in line 7 of /etc/asterisk/extensions.conf",
      '[Nov  3 02:01:02] ERROR[7]: pbx_functions.c:631 ast_func_read: Function LEN not registered',
    ].join('\n');
    expect(parseLogText(text)).toEqual([
      { level: 'WARNING', thread: 12803, source: 'config.c:2330', func: 'process_text_line', message: "No '=' (equal sign) in line 7 of /etc/asterisk/extensions.conf" },
      { level: 'ERROR', thread: 7, source: 'pbx_functions.c:631', func: 'ast_func_read', message: 'Function LEN not registered' },
    ]);
  });
  it('keeps every byte of the message, including a source file in a subdirectory and a call id', () => {
    const [line] = parseLogText("[Jan  1 00:00:00] NOTICE[1][C-0000001f]: res_x/y.c:9 f: a: b 'é\t'  ");
    expect(line).toEqual({ level: 'NOTICE', thread: 1, source: 'res_x/y.c:9', func: 'f', message: "a: b 'é\t'  " });
  });
  it('attaches a line without a header to the message before it', () => {
    const lines = parseLogText('[d] WARNING[1]: a.c:1 f: first\nsecond part');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.message).toBe('first\nsecond part');
  });
  it('separates a record glued to a line Asterisk cut at its buffer size, and marks the cut one', () => {
    const head = '[d] WARNING[1]: pbx_config.c:1873 pbx_load_config: ';
    const cut = head + 'x'.repeat(LOG_LINE_LIMIT - head.length);
    const lines = parseLogText(`${cut}[d] WARNING[1]: pbx_config.c:1901 pbx_load_config: next`);
    expect(lines.map((l) => [l.source, l.truncated ?? false])).toEqual([
      ['pbx_config.c:1873', true],
      ['pbx_config.c:1901', false],
    ]);
  });
});

describe('normalising the config directory in messages', () => {
  it('rewrites the directory Asterisk used to /etc/asterisk, whole prefixes only', () => {
    const dir = '/var/lib/chanlog/instances/oracle-1/etc';
    expect(normaliseConfigDir(`No '=' in line 3 of ${dir}/sub/a.conf`, dir)).toBe("No '=' in line 3 of /etc/asterisk/sub/a.conf");
    expect(normaliseConfigDir(`${dir}x/a.conf and ${dir}`, dir)).toBe(`${dir}x/a.conf and ${dir}`);
    expect(normaliseConfigDir('/etc/asterisk/a.conf', '/etc/asterisk/')).toBe('/etc/asterisk/a.conf');
  });
  it('formats a line as the experiment recordings do', () => {
    expect(formatLogLine({ level: 'ERROR', source: 'config.c:2234', func: 'process_text_line', message: 'm' })).toBe('ERROR: config.c:2234 process_text_line: m');
  });
});
