import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Nothing typed wrong gets as far as a connection: these run against an address nothing listens on. */
const env = { CHANLOG_AMI_URL: 'ami://u:s@127.0.0.1:9' };

describe('chanlog trace and level follow refuse bad input before connecting', () => {
  it.each([
    [['trace'], /give exactly one of --channel PATTERN, --device PATTERN, --linkedid ID/],
    [['trace', '--linkedid', '1.2', '--device', 'PJSIP/100'], /give exactly one of/],
    [['trace', '--linkedid', 'a b'], /--linkedid: linkedid must be letters, digits/],
    [['trace', '--linkedid', '1.2\r\nAction: Logoff'], /--linkedid: linkedid must be/],
    [['trace', '--channel', 'PJSIP/1\n00'], /--channel: the pattern holds a control character/],
    [['trace', '--device', '/(/'], /--device: not a valid regular expression/],
    [['trace', '--linkedid', '1.2', '--dialplan', '/nonexistent/extensions.conf'], /--dialplan \/nonexistent\/extensions\.conf: no such file/],
    [['trace', '--linkedid', '1.2', '--config-dir', '/nonexistent'], /--config-dir \/nonexistent: no such directory/],
    [['level', 'follow'], /give exactly one of/],
    [['level', 'follow', '--linkedid', '1.2', '--level', '10'], /level must be from 0 to 9/],
    [['level', 'follow', '--linkedid', '1.2', '--for', '5x'], /a duration like 30s, 30m, 2h, 1d or 1h30m/],
    [['level', 'set', 'all', '3', '--for', '0m'], /a duration like/],
  ])('%j', async (args, message) => {
    const result = await runCli(args, { env });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/ at .*\.js:\d+/); // no stack trace
    expect(result.stdout).toBe('');
  });
});
