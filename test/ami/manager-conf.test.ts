import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveServers } from '../../src/ami/connection.js';
import { readManagerUser } from '../../src/ami/manager-conf.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-mgr-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('readManagerUser', () => {
  it("reads the user's secret and the port, and reaches a wildcard bind address on loopback", () => {
    const file = write(
      'manager.conf',
      [
        '[general]',
        'enabled = yes',
        'port = 5040 ; a comment',
        '',
        '[monitor]',
        'secret = other',
        '[chanlog]',
        'secret => s3cret\\;with-semicolon ; trailing comment',
        'read = system,dialplan,call',
      ].join('\n'),
    );
    expect(readManagerUser(file, 'chanlog')).toEqual({ host: '127.0.0.1', port: 5040, username: 'chanlog', secret: 's3cret;with-semicolon', tls: false });
  });

  it('follows templates and #include, as sandboxes and distributions write them', () => {
    write('manager.d.conf', '[base](!)\nsecret = from-template\n[chanlog](base)\nwrite = system\n');
    const file = write('manager.conf', '[general]\nenabled=yes\nbindaddr=10.1.2.3\n#include "manager.d.conf"\n');
    expect(readManagerUser(file, 'chanlog')).toMatchObject({ host: '10.1.2.3', port: 5038, secret: 'from-template' });
  });

  it('says clearly what is wrong, never printing a secret', () => {
    const disabled = write('off.conf', '[general]\nenabled = no\n[chanlog]\nsecret = hidden-1\n');
    expect(() => readManagerUser(disabled, 'chanlog')).toThrow(/the manager is not enabled/);
    const noUser = write('nouser.conf', '[general]\nenabled = yes\n[admin]\nsecret = hidden-2\n');
    expect(() => readManagerUser(noUser, 'chanlog')).toThrow('defines no manager user [chanlog] (it has: admin)');
    expect(() => readManagerUser(noUser, 'chanlog')).not.toThrow(/hidden/);
    const noSecret = write('nosecret.conf', '[general]\nenabled = yes\n[chanlog]\nread = all\n');
    expect(() => readManagerUser(noSecret, 'chanlog')).toThrow('user [chanlog] has no secret');
    expect(() => readManagerUser(path.join(dir, 'missing.conf'), 'chanlog')).toThrow(/cannot read .*missing\.conf: ENOENT/);
  });

  it('is the third choice of the connection order', () => {
    const file = write('manager.conf', '[general]\nenabled = yes\nport = 6001\n[chanlog]\nsecret = x\n');
    expect(resolveServers({ managerConf: file, user: 'chanlog' }, {})).toEqual([
      { name: '127.0.0.1:6001', endpoint: { host: '127.0.0.1', port: 6001, username: 'chanlog', secret: 'x', tls: false }, source: file },
    ]);
    expect(resolveServers({ managerConf: file, user: 'chanlog' }, { CHANLOG_AMI_URL: 'ami://a:b@env:1' })[0]!.name).toBe('env:1');
  });
});
