import type { ManagerClass } from '../../src/ami/privileges.js';

/** A manager.conf user the integration sandbox gets, without its secret (made at start-up). */
export interface TestManagerUser {
  name: string;
  read: string;
  write: string;
}

/** The classes the permission tests give one user each (read and write alike). */
export const SINGLE_CLASSES: readonly ManagerClass[] = ['system', 'call', 'dialplan', 'user', 'config', 'reporting', 'command', 'originate'];

export const singleClassUser = (c: ManagerClass) => `only-${c}`;

/**
 * Real manager users with restricted classes, for the permission tests of
 * `chanlog doctor` and of the privileges table: one per class, one with
 * exactly what the README recommends, and one that lacks a read class.
 */
export const TEST_MANAGER_USERS: readonly TestManagerUser[] = [
  ...SINGLE_CLASSES.map((c) => ({ name: singleClassUser(c), read: c, write: c })),
  { name: 'least', read: 'user,call,dialplan', write: 'system,reporting,command' },
  // The same without read=user: no routine lines.
  { name: 'no-user-read', read: 'call,dialplan', write: 'system,reporting,command' },
];
