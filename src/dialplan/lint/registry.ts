import { balance } from './checks/balance.js';
import { gotoTargets } from './checks/goto-targets.js';
import { unknownApplication } from './checks/unknown-application.js';
import { unknownFunction } from './checks/unknown-function.js';
import { unreachablePriority } from './checks/unreachable.js';
import type { Check } from './types.js';

/**
 * chanlog's own checks, beyond what Asterisk itself says while loading
 * (those come from the loader, with their own codes). One module per
 * concern; add a check here and it runs (its codes go in log/catalogue.ts).
 */
export const CHECKS: readonly Check[] = [gotoTargets, balance, unknownApplication, unknownFunction, unreachablePriority];
