import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfigText, readConfigFile } from '../../src/ami/config-file.js';
import { resolveServers } from '../../src/ami/connection.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-conn-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeConfig(text: string, mode = 0o600): string {
  const file = path.join(dir, 'chanlog', 'config');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
  return file;
}

const CONFIG = '# servers\n[server pbx1]\nurl = ami://u1:s1@10.0.0.1:5038\n\n; second\n[server pbx2]\nurl = amis://u2:s%40x@pbx2.example\n';

describe('connection resolution', () => {
  it('prefers --ami, then CHANLOG_AMI_URL, then the config file', () => {
    const env = { XDG_CONFIG_HOME: dir, CHANLOG_AMI_URL: 'ami://e:e@env-host:6000' };
    writeConfig(CONFIG);
    expect(resolveServers({ ami: ['ami://a:b@h1:1', 'pbx9=ami://a:b@h2:2'] }, env).map((t) => [t.name, t.source])).toEqual([
      ['h1:1', '--ami'],
      ['pbx9', '--ami'],
    ]);
    expect(resolveServers({}, env).map((t) => t.name)).toEqual(['env-host:6000']);
    const fromFile = resolveServers({}, { XDG_CONFIG_HOME: dir });
    expect(fromFile.map((t) => t.name)).toEqual(['pbx1', 'pbx2']);
    expect(fromFile[1]!.endpoint).toMatchObject({ tls: true, port: 5039, username: 'u2', secret: 's@x' });
    expect(resolveServers({ server: ['pbx2'] }, { XDG_CONFIG_HOME: dir }).map((t) => t.name)).toEqual(['pbx2']);
    expect(() => resolveServers({ server: ['nope'] }, { XDG_CONFIG_HOME: dir })).toThrow(/no server nope .* \(it has: pbx1, pbx2\)/);
  });

  it('says every way to name a server when none is given', () => {
    expect(() => resolveServers({}, { XDG_CONFIG_HOME: dir })).toThrow('no Asterisk to talk to');
  });

  it('refuses two servers of the same name, and --user without --manager-conf', () => {
    expect(() => resolveServers({ ami: ['ami://a:b@h:1', 'ami://c:d@h:1'] }, {})).toThrow(/both named h:1/);
    expect(() => resolveServers({ user: 'x' }, {})).toThrow(/--manager-conf/);
  });

  it('refuses a config file that others may read, since it holds secrets', () => {
    const file = writeConfig(CONFIG, 0o644);
    expect(() => readConfigFile(file)).toThrow(/others may read it \(mode 644\)/);
  });

  it('points at the line of a mistake, without printing the secret', () => {
    expect(() => parseConfigText('[server a]\nurl = http://u:topsecret@h\n', 'cfg')).toThrow(/^cfg:2: server a: unsupported scheme/);
    expect(() => parseConfigText('[server a]\nurl = http://u:topsecret@h\n', 'cfg')).not.toThrow(/topsecret/);
    expect(() => parseConfigText('url = ami://u:s@h\n', 'cfg')).toThrow('cfg:1: a setting before the first [server NAME]');
    expect(() => parseConfigText('[server a]\nport = 1\n', 'cfg')).toThrow('cfg:2: unknown setting port');
    expect(() => parseConfigText('[server a]\n', 'cfg')).toThrow('cfg:1: server a has no url');
    expect(() => parseConfigText('[general]\n', 'cfg')).toThrow('cfg:1: expected [server NAME]');
  });
});
