import type { AsteriskVersion, NameStatus } from './asterisk-version.js';
import type { Registered } from './registered-names.js';
import type { Finding } from './types.js';

/**
 * What the application and function checks share: a name the chosen
 * version has may still be missing when a call reaches it. With a live
 * server's registered names (`--ami`) that is W_NOT_LOADED; without them, a
 * name whose module the default build leaves out is W_NOT_BUILT_BY_DEFAULT.
 * Each is reported once per name.
 */
export class AvailabilityReport {
  private readonly flagged = new Set<string>();

  constructor(
    private readonly version: AsteriskVersion,
    private readonly registered: Registered | undefined,
    private readonly report: (finding: Finding) => void,
  ) {}

  /**
   * Reports a name the version has, if it may be missing (see above); false
   * for a name the version does not have (removed, later, unknown), which the
   * caller describes itself.
   */
  reported(status: NameStatus, place: Pick<Finding, 'source' | 'line' | 'offset'>): boolean {
    if (status.kind !== 'known' && status.kind !== 'not-built-by-default') return false;
    if (status.kind === 'known' && !this.registered) return true;
    if (this.flagged.has(status.name)) return true;
    this.flagged.add(status.name);
    const module = status.kind === 'not-built-by-default' ? status.module : undefined;
    if (this.registered) {
      this.report({ code: 'W_NOT_LOADED', message: notLoadedMessage(status.name, this.registered, this.version, module), ...place });
    } else {
      this.report({
        code: 'W_NOT_BUILT_BY_DEFAULT',
        message: `${status.name} is in ${module}, which Asterisk ${this.version} does not build by default: check that the module is loaded (reported once)`,
        ...place,
      });
    }
    return true;
  }
}

/** The message of W_NOT_LOADED: `module` when the version tables know it (those not built by default). */
function notLoadedMessage(name: string, registered: Registered, asterisk: string, module: string | undefined): string {
  const where = module === undefined ? `Asterisk ${asterisk} has it; its module is not loaded` : `${module}.so, which Asterisk ${asterisk} does not build by default`;
  return `${name} is not loaded on ${registered.server} (${where}): a call that reaches it fails (reported once)`;
}
