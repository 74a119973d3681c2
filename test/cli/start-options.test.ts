import { describe, expect, it } from 'vitest';
import { parseCount } from '../../src/cli/options.js';
import { runCli } from '../helpers/cli.js';

describe('chanlog start --calls', () => {
  it.each(['abc', '0', '-1', '1.5', '', '3x', '99999999999999999999'])('refuses %j as a usage error (exit 2) before starting anything', async (value) => {
    const result = await runCli(['start', '--calls', value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`argument '${value}' is invalid. a count is a whole number from 1 up`);
    expect(result.stderr).not.toContain('sandbox:');
    expect(result.stdout).toBe('');
  });

  it('takes a whole number from 1 up', () => {
    expect(parseCount('1')).toBe(1);
    expect(parseCount('25')).toBe(25);
  });
});
