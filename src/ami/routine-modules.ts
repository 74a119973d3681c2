/**
 * Which Asterisk 22 module registers each dialplan application and function
 * the ChanLog routine uses, so `chanlog doctor` can say which module to load
 * when one is missing (a function that is not loaded yields an empty string
 * and a warning: the routine would silently misbehave). Read from Asterisk's
 * sources and checked on the sandbox (unloading each module unregisters the
 * names listed for it: test/integration/doctor.test.ts). Names not listed
 * here are in Asterisk's core (pbx_builtins, pbx_functions).
 */
const APPLICATION_MODULES: Readonly<Record<string, string>> = {
  Gosub: 'app_stack.so',
  Return: 'app_stack.so',
  Verbose: 'app_verbose.so',
  Log: 'app_verbose.so',
  UserEvent: 'app_userevent.so',
  ExecIf: 'app_exec.so',
};

const FUNCTION_MODULES: Readonly<Record<string, string>> = {
  LOCAL: 'app_stack.so',
  STACK_PEEK: 'app_stack.so',
  DB: 'func_db.so',
  DB_EXISTS: 'func_db.so',
  REGEX: 'func_strings.so',
  FIELDQTY: 'func_strings.so',
  FILTER: 'func_strings.so',
  LEN: 'func_strings.so',
  REPLACE: 'func_strings.so',
  CUT: 'func_cut.so',
  IF: 'func_logic.so',
  MAX: 'func_math.so',
  MIN: 'func_math.so',
  MATH: 'func_math.so',
  BASE64_ENCODE: 'func_base64.so',
  URIENCODE: 'func_uri.so',
  URIDECODE: 'func_uri.so',
  CHANNEL: 'func_channel.so',
};

/** Applications and functions that Asterisk's core provides (no module to load). */
const CORE = new Set(['Set', 'MSet', 'Goto', 'GotoIf', 'NoOp', 'Answer', 'Hangup', 'Wait']);

export interface ModuleNeed {
  module: string;
  /** The applications and functions the routine takes from it. */
  provides: string[];
}

/** The names a step uses: its application, `${FUNC(...)}` calls, and a function assigned by `Set(FUNC(x)=...)`. */
export function namesUsed(step: { app: string; data: string }): { applications: string[]; functions: string[] } {
  const functions = [...step.data.matchAll(/\$\{([A-Z][A-Z0-9_]*)\(/g)].map((m) => m[1]!);
  const assigned = step.app === 'Set' ? /^([A-Z][A-Z0-9_]*)\(/.exec(step.data)?.[1] : undefined;
  return { applications: [step.app], functions: assigned ? [assigned, ...functions] : functions };
}

/**
 * The modules the given steps need, each with the names it provides, and
 * the names this table does not know (so a routine that grows a new one is
 * noticed by the tests rather than silently unchecked).
 */
export function routineModules(steps: ReadonlyArray<{ app: string; data: string }>): { needs: ModuleNeed[]; unknown: string[] } {
  const byModule = new Map<string, Set<string>>();
  const unknown = new Set<string>();
  const add = (name: string, module: string | undefined) => {
    if (CORE.has(name)) return;
    if (!module) unknown.add(name);
    else byModule.set(module, (byModule.get(module) ?? new Set()).add(name));
  };
  for (const step of steps) {
    const used = namesUsed(step);
    for (const app of used.applications) add(app, APPLICATION_MODULES[app]);
    for (const fn of used.functions) add(fn, FUNCTION_MODULES[fn]);
  }
  const needs = [...byModule].map(([module, names]) => ({ module, provides: [...names] })).sort((a, b) => a.module.localeCompare(b.module));
  return { needs, unknown: [...unknown] };
}
