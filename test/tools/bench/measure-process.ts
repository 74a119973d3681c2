import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `node dist-dev/test/tools/bench/measure-process.js REPORT SCRIPT ARGS...`: runs SCRIPT as
 * the main program and, when the process exits, writes its total CPU time
 * (user + system, from the process's start) and peak memory to REPORT.
 * This measures a whole CLI run the way `time` would, without depending on
 * a `time` binary being installed.
 */
const [report, script, ...args] = process.argv.slice(2);
if (!report || !script) {
  process.stderr.write('usage: measure-process REPORT SCRIPT [ARGS...]\n');
  process.exit(2);
}
process.argv = [process.argv[0]!, path.resolve(script), ...args];
process.on('exit', () => {
  const cpu = process.cpuUsage();
  const usage = process.resourceUsage();
  fs.writeFileSync(report, JSON.stringify({ userMs: cpu.user / 1000, systemMs: cpu.system / 1000, maxRssKb: usage.maxRSS }));
});
await import(pathToFileURL(path.resolve(script)).href);
