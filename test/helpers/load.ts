import { CliProcess } from './cli.js';
import { LOAD_MESSAGE } from '../tools/bench/record.js';

/**
 * Every load line starts with LOAD_MESSAGE: commas (which split GoSub
 * arguments), quotes, backslashes (which Verbose would eat if it parsed
 * them), a `$` and a `;`, and UTF-8 of two, three and four bytes.
 */
export { LOAD_MESSAGE };

export function loadLine(call: number, line: number): string {
  return `${LOAD_MESSAGE} call ${call} line ${line}`;
}

/** `chanlog tail` as a child process, its stdout split into lines as they come. */
export class TailProcess extends CliProcess {
  constructor(args: string[], env: NodeJS.ProcessEnv) {
    super(['tail', ...args], env);
  }
}
