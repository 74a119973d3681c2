import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { launcherNodeOptions, launcherPath, packageVersion } from '../../src/util/package-root.js';

describe('the chanlog launcher', () => {
  it('names Node options that this Node accepts', () => {
    const options = launcherNodeOptions();
    for (const option of options) expect(option).toMatch(/^--[a-z]/);
    const run = spawnSync(process.execPath, [...options, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ok');
  });

  it('runs as an executable through its #! line, as an admin shell runs it', () => {
    const run = spawnSync(launcherPath(), ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: `${process.execPath.replace(/\/node$/, '')}:${process.env.PATH ?? ''}` } });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(packageVersion());
  });

  it('is what `npm start` runs, through its #! line, so its Node options apply to the console too', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    expect(pkg.scripts.start.split(' ')[0]).toBe('bin/chanlog.js');
  });
});
