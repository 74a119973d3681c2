import { ChanlogError } from '../errors.js';

export type AmiErrorKind = 'connection' | 'auth' | 'timeout' | 'refused' | 'input' | 'closed';

/**
 * Something went wrong talking to Asterisk. `kind` says what, so callers can
 * react (retry on `connection`, stop on `auth`), and the message is fit to
 * print as it is: for `refused` it carries Asterisk's own response text.
 */
export class AmiError extends ChanlogError {
  readonly kind: AmiErrorKind;

  constructor(message: string, kind: AmiErrorKind, options: { exitCode?: number } = {}) {
    super(message, { exitCode: options.exitCode ?? (kind === 'input' ? 2 : 1) });
    this.name = 'AmiError';
    this.kind = kind;
  }
}
