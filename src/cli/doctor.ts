import type { Command } from 'commander';
import { diagnose, type CheckStatus } from '../ami/doctor.js';
import { connectionTargets, withConnectionOptions, type ConnectionFlags } from './ami-options.js';
import { action } from './run.js';

const MARK: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function registerDoctor(program: Command): void {
  withConnectionOptions(program.command('doctor'))
    .description("check each server: login, Asterisk version, the manager user's permissions, the ChanLog routine, the levels set; exit 1 on a failure")
    .action(
      action(async (flags: ConnectionFlags) => {
        const diagnoses = await Promise.all(connectionTargets(flags).map((target) => diagnose(target)));
        let failed = false;
        for (const diagnosis of diagnoses) {
          process.stdout.write(`${diagnosis.server} (${diagnosis.address})\n`);
          for (const check of diagnosis.checks) {
            failed ||= check.status === 'fail';
            process.stdout.write(`  ${MARK[check.status]}  ${check.what.padEnd(8)} ${check.detail}\n`);
            if (check.fix && check.status !== 'ok') process.stdout.write(`        ${''.padEnd(8)} fix: ${check.fix}\n`);
          }
        }
        return failed ? 1 : 0;
      }),
    );
}
