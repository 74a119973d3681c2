import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTION_WRITE_CLASSES, classesFor, classesForAll, FEATURES, privilegeTableRows } from '../../src/ami/privileges.js';

const feature = (name: string) => FEATURES.find((f) => f.name === name)!;

describe('the least-privilege table', () => {
  it('gives each feature the fewest classes that allow everything it uses', () => {
    expect(classesFor(feature('levels'), 'required')).toEqual({ read: [], write: ['system'] });
    expect(classesFor(feature('levels'), 'optional')).toEqual({ read: [], write: ['command'] });
    expect(classesFor(feature('tail'), 'required')).toEqual({ read: ['user', 'call'], write: ['system'] });
    expect(classesFor(feature('tail'), 'optional')).toEqual({ read: ['dialplan'], write: [] });
    expect(classesFor(feature('trace'), 'required')).toEqual({ read: ['dialplan', 'call'], write: ['system'] });
    // CoreSettings, ShowDialPlan and DBGetTree all take reporting, the class that only reads.
    expect(classesFor(feature('doctor'), 'required')).toEqual({ read: [], write: ['reporting'] });
    expect(classesFor(feature('generate-check'), 'required')).toEqual({ read: [], write: ['reporting'] });
  });

  it('recommends one user for every feature: read user,call,dialplan and write system,reporting (+command)', () => {
    expect(classesForAll('required')).toEqual({ read: ['user', 'call', 'dialplan'], write: ['system', 'reporting'] });
    expect(classesForAll('optional')).toEqual({ read: [], write: ['command'] });
  });

  it('prefers the earlier-listed class among equally small answers', () => {
    const showOnly = { name: 'x', commands: '', actions: [{ name: 'ShowDialPlan' as const, why: '' }], events: [] };
    expect(ACTION_WRITE_CLASSES.ShowDialPlan[0]).toBe('reporting');
    expect(classesFor(showOnly, 'required').write).toEqual(['reporting']);
  });

  it('is what the README shows', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const row of privilegeTableRows()) expect(readme).toContain(row);
  });
});
