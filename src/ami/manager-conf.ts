import { ChanlogError } from '../errors.js';
import type { AmiEndpoint } from './url.js';

/**
 * The endpoint of a manager user defined in Asterisk's manager.conf: its
 * secret, and the port and address from `[general]`.
 */
export function readManagerUser(file: string, user: string): AmiEndpoint {
  throw new ChanlogError(`reading ${file} for user ${user} is not implemented yet`, { exitCode: 2 });
}
