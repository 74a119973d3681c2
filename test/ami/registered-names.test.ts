import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ListingError, majorOf, parseApplicationList, parseFunctionList } from '../../src/ami/registered-names.js';

/** `core show applications` and `core show functions` as Asterisk 22.10.1 printed them in the sandbox. */
const recorded = JSON.parse(fs.readFileSync(new URL('../fixtures/ami/core-show-names.json', import.meta.url), 'utf8')) as {
  applications: string[];
  functions: string[];
};

/** One line as main/pbx_app.c prints it: `"  %20s: %s"`. */
const appLine = (name: string, synopsis = 'Does something. ') => `  ${name.padStart(20)}: ${synopsis}`;
/** One line as main/pbx_functions.c prints it: `"%-20.20s  %-35.35s  %s"`. */
const functionLine = (name: string) => `${name.slice(0, 20).padEnd(20)}  ${`${name}(arg)`.slice(0, 35).padEnd(35)}  Does something. `;
const appListing = (names: string[], count = names.length) => [
  '    -= Registered Asterisk Applications =-',
  ...names.map((n) => appLine(n)),
  `    -= ${count} Applications Registered =-`,
];
const functionListing = (names: string[], count = names.length) => [
  'Installed Custom Functions:',
  '-'.repeat(80),
  ...names.map(functionLine),
  `${count} custom functions installed.`,
];

describe('reading the names a server has registered', () => {
  it('reads every name of the recorded listings, checked against their own counts', () => {
    const applications = parseApplicationList(recorded.applications);
    expect(applications.length).toBe(Number(/(\d+) Applications Registered/.exec(recorded.applications.at(-1)!)![1]));
    expect(applications).toContain('Dial');
    expect(applications).toContain('CallCompletionRequest'); // longer than the column
    expect(applications).not.toContain('Queue');
    const functions = parseFunctionList(recorded.functions);
    expect(functions.names.length).toBe(Number(/^(\d+) custom/.exec(recorded.functions.at(-1)!)![1]));
    expect(functions.names).toEqual(expect.arrayContaining(['CUT', 'DB', 'BASE64_ENCODE']));
  });

  it('skips a synopsis that runs onto a second line, but refuses a count that does not match', () => {
    const wrapped = [...appListing(['Dial', 'Queue']).slice(0, 2), 'continued: a second synopsis line', ...appListing(['Dial', 'Queue']).slice(2)];
    expect(parseApplicationList(wrapped)).toEqual(['Dial', 'Queue']);
    expect(() => parseApplicationList(appListing(['Dial', 'Queue'], 3))).toThrow(ListingError);
    expect(() => parseApplicationList(appListing(['Dial']).slice(0, -1))).toThrow(/did not print its count/);
    expect(() => parseApplicationList(['No such command'])).toThrow(/did not print its header/);
    expect(() => parseFunctionList(functionListing(['CUT'], 2))).toThrow(/counts 2 names, but 1 could be read/);
  });

  it('keeps a function name that fills its column as a prefix too: it may have been cut', () => {
    const listing = functionListing(['CUT', 'PJSIP_TRANSFER_HANDLING', 'PJSIP_PARSE_URI_FROM']);
    expect(parseFunctionList(listing)).toEqual({
      names: ['CUT', 'PJSIP_TRANSFER_HANDL', 'PJSIP_PARSE_URI_FROM'],
      prefixes: ['PJSIP_TRANSFER_HANDL', 'PJSIP_PARSE_URI_FROM'],
    });
  });

  it('never throws anything but ListingError on any lines, and returns only names from entry lines', () => {
    /** Whether `parse` either returns names without white space or throws ListingError. */
    const wellBehaved = (parse: () => string[]) => {
      try {
        return parse().every((name) => /^\S+$/.test(name));
      } catch (err) {
        return err instanceof ListingError;
      }
    };
    // Any bytes, and lines shaped like entries around any name.
    const line = fc.oneof(
      fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.string({ maxLength: 30 }).map((name) => appLine(name)),
      fc.string({ maxLength: 30 }).map(functionLine),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), fc.boolean(), (lines, framed) => {
        const apps = framed ? ['    -= Registered Asterisk Applications =-', ...lines, `    -= ${lines.length} Applications Registered =-`] : lines;
        const functions = framed ? ['Installed Custom Functions:', ...lines, `${lines.length} custom functions installed.`] : lines;
        return wellBehaved(() => parseApplicationList(apps)) && wellBehaved(() => parseFunctionList(functions).names);
      }),
    );
  });

  it('reads the major version from what CoreSettings says', () => {
    expect(majorOf('22.10.1+dfsg+~cs6.17.60671434-1')).toBe(22);
    expect(majorOf('18.26.4')).toBe(18);
    expect(majorOf('certified/18.9-cert7')).toBe(18);
    expect(majorOf('GIT-master-a1b2c3')).toBeUndefined();
    expect(majorOf('')).toBeUndefined();
  });
});
