import path from 'node:path';
import { packageRoot } from '../../../src/util/package-root.js';

/**
 * The compiled CLI the package ships (dist/cli/main.js), which the
 * benchmarks run: not the copy of src/ compiled beside them in dist-dev/.
 */
export function shippedCliMain(): string {
  return path.join(packageRoot(), 'dist', 'cli', 'main.js');
}
