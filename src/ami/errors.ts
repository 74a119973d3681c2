import { ChanlogError } from '../errors.js';

export type AmiErrorKind = 'connection' | 'auth' | 'timeout' | 'refused' | 'input' | 'closed';

/**
 * Something went wrong talking to Asterisk. `kind` says what, so callers can
 * react (retry on `connection`, stop on `auth`), and the message is fit to
 * print as it is: for `refused` it carries Asterisk's own response text.
 */
export class AmiError extends ChanlogError {
  readonly kind: AmiErrorKind;
  /** For `refused`: Asterisk's `Message:` alone, for code that tells refusals apart. */
  readonly asteriskMessage: string | undefined;

  constructor(message: string, kind: AmiErrorKind, options: { asteriskMessage?: string } = {}) {
    super(message, { errorKind: kind === 'input' ? 'usage' : 'failure' });
    this.name = 'AmiError';
    this.kind = kind;
    this.asteriskMessage = options.asteriskMessage;
  }
}

/** Whether Asterisk refused an action with a message matching `pattern` (e.g. a missing AstDB key). */
export function isRefusal(err: unknown, pattern: RegExp): err is AmiError {
  return err instanceof AmiError && err.kind === 'refused' && pattern.test(err.asteriskMessage ?? '');
}
