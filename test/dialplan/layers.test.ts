import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The import directions of src/dialplan, and src/ never importing test/ (.dependency-cruiser.cjs), checked with dependency-cruiser itself. */
const root = path.resolve(import.meta.dirname, '../..');
const cruiser = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const config = path.join(root, '.dependency-cruiser.cjs');

function cruise(cwd: string) {
  const run = spawnSync(process.execPath, [cruiser, '--config', config, '--output-type', 'err', 'src'], { cwd, encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** Cruises a scratch tree holding `files` (paths relative to it), TypeScript resolving like the project's. */
function cruiseScratch(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chanlog-layers-'));
  try {
    fs.copyFileSync(path.join(root, 'tsconfig.json'), path.join(dir, 'tsconfig.json'));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return cruise(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('dialplan layers', { timeout: 60_000 }, () => {
  it('src/ imports only in the allowed directions', () => {
    const { status, output } = cruise(root);
    expect(output).toContain('no dependency violations');
    expect(status).toBe(0);
  });

  it('fails on a lower layer importing a higher one', () => {
    const { status, output } = cruiseScratch({
      'src/dialplan/text/bytes.ts': "import { load } from '../pbx/load.js';\nexport const x = load;\n",
      'src/dialplan/pbx/load.ts': 'export const load = 1;\n',
    });
    expect(status).not.toBe(0);
    expect(output).toContain('text-imports-only-text');
  });

  it('fails on another room reaching past the index, and on a cycle', () => {
    const { status, output } = cruiseScratch({
      'src/cli/show.ts': "import { load } from '../dialplan/pbx/load.js';\nexport const x = load;\n",
      'src/dialplan/pbx/load.ts': "import { y } from './other.js';\nexport const load = 1 + y;\n",
      'src/dialplan/pbx/other.ts': "import { load } from './load.js';\nexport const y = 2;\nexport const z = load;\n",
    });
    expect(status).not.toBe(0);
    expect(output).toContain('other-rooms-use-the-index');
    expect(output).toContain('no-circular-in-dialplan');
  });

  it('fails on shipped code importing a developer tool from test/', () => {
    const { status, output } = cruiseScratch({
      'src/sandbox/sandbox.ts': "import { AsteriskOracle } from '../../test/tools/oracle/oracle.js';\nexport const x = AsteriskOracle;\n",
      'test/tools/oracle/oracle.ts': 'export const AsteriskOracle = 1;\n',
    });
    expect(status).not.toBe(0);
    expect(output).toContain('shipped-code-never-imports-tests');
  });

  it('fails on a type-only import cycle in src/ami (feed-types.ts naming an events.ts type that names one of its own)', () => {
    const { status, output } = cruiseScratch({
      'src/ami/events.ts': "import type { ChannelInfo } from './feed-types.js';\nexport type Snapshot = Pick<ChannelInfo, 'channel'>;\n",
      'src/ami/feed-types.ts': "import type { Snapshot } from './events.js';\nexport interface ChannelInfo { channel: string }\nexport type Line = Snapshot;\n",
    });
    expect(status).not.toBe(0);
    expect(output).toContain('no-circular-in-ami');
  });

  it('fails on the dialplan importing what talks to a server', () => {
    const { status, output } = cruiseScratch({
      'src/dialplan/lint/checks/x.ts': "import { AmiClient } from '../../../ami/client.js';\nexport const x = AmiClient;\n",
      'src/ami/client.ts': 'export class AmiClient {}\n',
    });
    expect(status).not.toBe(0);
    expect(output).toContain('dialplan-talks-to-no-server');
  });
});
