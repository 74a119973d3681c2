import { describe, expect, it } from 'vitest';
import { load, logOf, priorityLines, show } from './helpers.js';

describe('the pbx_config layer', () => {
  it('numbers n, n+N, s, hint and labels as pbx_config does', () => {
    const text = [
      '[p]',
      'exten => 100,1,Dial(PJSIP/100,20)',
      'exten => 100,n(voicemail),VoiceMail(100@default,u)',
      'exten => 100,n+2,Hangup()',
      'exten => 100,hint,PJSIP/100',
      'exten => 200,1,Answer',
      ' same => n,Set(x=1)',
      ' same => voicemail,NoOp(label lookup fails here)',
    ].join('\n');
    const result = load(text);
    expect(priorityLines(show(text))).toEqual([
      "'100' => hint: PJSIP/100 [extensions.conf:5]",
      '1. Dial(PJSIP/100,20) [extensions.conf:2]',
      '[voicemail] 2. VoiceMail(100@default,u) [extensions.conf:3]',
      '5. Hangup() [extensions.conf:4]',
      "'200' => 1. Answer() [extensions.conf:6]",
      '2. Set(x=1) [extensions.conf:7]',
    ]);
    expect(logOf(result)).toEqual(["WARNING: pbx_config.c:1834 pbx_load_config: Invalid priority/label 'voicemail' at line 8 of extensions.conf"]);
  });

  it('drops n right after a hint without a word', () => {
    const result = load('[h]\nexten => 100,hint,SIP/100\nexten => 100,n,NoOp(dropped)\n');
    expect(priorityLines(show('[h]\nexten => 100,hint,SIP/100\nexten => 100,n,NoOp(dropped)\n'))).toEqual(["'100' => hint: SIP/100 [extensions.conf:2]"]);
    expect(logOf(result)).toEqual([]);
  });

  it('splits application and data like pbx_config, legacy comma syntax and text after ) included', () => {
    const lines = priorityLines(show('[a]\nexten => 1,1,Dial,PJSIP/1,30\nexten => 2,1,Set(x=1)trailing\nexten => 3,1,NoOp(missing\nexten => 4,1,${APP}(data)\n'));
    expect(lines).toEqual([
      "'1' => 1. Dial,PJSIP/1,30() [extensions.conf:2]",
      "'2' => 1. Set(x=1) [extensions.conf:3]",
      "'3' => 1. NoOp(missing) [extensions.conf:4]",
      "'4' => 1. ${APP}(data)() [extensions.conf:5]",
    ]);
  });

  it('reports duplicates the way pbx.c and pbx_config do, first definition winning', () => {
    const result = load('[d]\nexten => 1,1,NoOp(first)\nexten => 1,1,NoOp(second)\nexten => 9-9,1,NoOp(dash)\nexten => 99,1,NoOp(alias)\n');
    expect(logOf(result)).toEqual([
      "WARNING: pbx.c:7158 add_priority: Unable to register extension '1' priority 1 in 'd', already in use",
      'WARNING: pbx_config.c:1901 pbx_load_config: Unable to register extension at line 3 of extensions.conf',
      "WARNING: pbx.c:7154 add_priority: Unable to register extension '99' priority 1 in 'd', already in use by aliased extension '9-9'",
      'WARNING: pbx_config.c:1901 pbx_load_config: Unable to register extension at line 5 of extensions.conf',
    ]);
  });

  it('keeps CallerID variants apart and lists them first', () => {
    const lines = priorityLines(show('[c]\nexten => 200,1,NoOp(no cid)\nexten => 200/555,1,NoOp(cid)\n'));
    expect(lines).toEqual(["'200' (CID match '555') => 1. NoOp(cid) [extensions.conf:3]", "'200' => 1. NoOp(no cid) [extensions.conf:2]"]);
  });

  it('substitutes globals in extension names and includes, and warns about includes of missing contexts', () => {
    const result = load('[globals]\nPREFIX=9\nTARGET=other\n[c]\nexten => ${PREFIX}00,1,NoOp\ninclude => ${TARGET}\ninclude => missing\n');
    expect(result.contexts[0]!.extensions[0]!.key).toBe('900');
    expect(logOf(result)).toEqual(["WARNING: pbx.c:8795 ast_context_verify_includes: Context 'c' tries to include nonexistent context 'other'"]);
  });

  it('sets globals as pbx_builtin_setvar_helper does (as Asterisk 22 logs it)', () => {
    const result = load(
      ['[globals]', '_FOO=1', 'FOO=2', 'LAT=caf\xe9', 'OK=caf\xc3\xa9', 'TRUNC=x\xc3', 'GLOBAL(X)=3', 'BAR)=4', 'A=${LEN(abc}', 'B=${FOO}', '__C=5', '[c]', 'exten => ${FOO}${C}${_FOO},1,NoOp(${A})', 'exten => ${B},1,NoOp()', ''].join('\n'),
    );
    // Up to two leading underscores do not count in a variable's name; `${_FOO}` is nothing.
    expect(result.contexts[0]!.extensions.map((e) => e.name)).toEqual(['2', '25']);
    expect(logOf(result)).toEqual([
      "WARNING: stasis_channels.c:1209 ast_channel_publish_varset: GLOBAL: The contents of variable 'LAT' had invalid UTF-8 sequences which were replaced",
      "WARNING: stasis_channels.c:1209 ast_channel_publish_varset: GLOBAL: The contents of variable 'TRUNC' had invalid UTF-8 sequences which were replaced",
      'ERROR: pbx_functions.c:739 ast_func_write: Function GLOBAL not registered',
      "WARNING: pbx_functions.c:468 func_args: Function 'BAR)' doesn't contain parentheses.  Assuming null argument.",
      'ERROR: pbx_functions.c:739 ast_func_write: Function BAR) not registered',
      "WARNING: pbx_functions.c:475 func_args: Can't find trailing parenthesis for function 'LEN(abc'?",
      'ERROR: pbx_functions.c:631 ast_func_read: Function LEN not registered',
    ]);
    expect(result.diagnostics.find((d) => d.code === 'W_GLOBAL_NOT_UTF8')).toMatchObject({ line: 4 });
  });

  it('warns about _. and unknown keywords', () => {
    const result = load('[w]\nexten => _.,1,NoOp\nexten_typo => 1,1,NoOp\n');
    expect(logOf(result)).toEqual([
      "WARNING: pbx_config.c:1889 pbx_load_config: The use of '_.' for an extension is strongly discouraged and can have unexpected behavior.  Please use '_X.' instead at line 2 of extensions.conf",
      'WARNING: pbx_config.c:1965 pbx_load_config: ==!!== Unknown directive: exten_typo at line 3 of extensions.conf -- IGNORING!!!',
    ]);
  });
});
