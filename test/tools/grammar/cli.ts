import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../../src/util/package-root.js';
import { grammarArtifacts } from './artifacts.js';

/** `npm run grammar`: writes the grammar artifacts to grammar/. */
const dir = path.join(packageRoot(), 'grammar');
fs.mkdirSync(dir, { recursive: true });
for (const [name, text] of grammarArtifacts()) {
  fs.writeFileSync(path.join(dir, name), text);
  process.stdout.write(`wrote grammar/${name}\n`);
}
