import fs from 'node:fs';
import { startFakeAsterisk } from './fake-asterisk.js';

// A child process of the bench: serves one capture file as a fake Asterisk,
// so the bytes are written by another process and only the reader's CPU
// time is counted in the bench process. Prints its port, exits after one session.
const [file, secret] = process.argv.slice(2);
const fake = await startFakeAsterisk({ secret: secret ?? '', capture: fs.readFileSync(file!), closeAfter: true });
process.stdout.write(`${fake.port}\n`);
await fake.streamed;
setTimeout(() => void fake.close().then(() => process.exit(0)), 500);
