import type { Command } from 'commander';
import { diagnose, type CheckStatus, type Diagnosis } from '../ami/doctor.js';
import { terminalSafe } from '../util/safe-text.js';
import { connectionTargets, withConnectionOptions, type ConnectionFlags } from './ami-options.js';
import { action } from './run.js';

const MARK: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export function registerDoctor(program: Command): void {
  withConnectionOptions(program.command('doctor'))
    .description(
      "check each server: login, Asterisk version, what the manager user may do for each feature (and beyond), other users that may raise UserEvents, the routine's modules, the ChanLog routine, the levels set; exit 1 on a failure",
    )
    .action(
      action(async (flags: ConnectionFlags) => {
        const diagnoses = await Promise.all(connectionTargets(flags).map((target) => diagnose(target)));
        for (const diagnosis of diagnoses) process.stdout.write(formatDiagnosis(diagnosis));
        return diagnoses.some((d) => d.checks.some((c) => c.status === 'fail')) ? 1 : 0;
      }),
    );
}

/** One line per check, and a `fix:` line under each warning or failure; text from the server is shown escaped. */
export function formatDiagnosis(diagnosis: Diagnosis): string {
  const width = Math.max(...diagnosis.checks.map((c) => c.what.length));
  const lines = [`${terminalSafe(diagnosis.server)} (${diagnosis.address})`];
  for (const check of diagnosis.checks) {
    lines.push(`  ${MARK[check.status]}  ${check.what.padEnd(width)} ${terminalSafe(check.detail)}`);
    if (check.fix && check.status !== 'ok') lines.push(`        ${''.padEnd(width)} fix: ${terminalSafe(check.fix)}`);
  }
  return lines.join('\n') + '\n';
}
