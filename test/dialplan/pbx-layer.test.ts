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

  it('warns about _. and unknown keywords', () => {
    const result = load('[w]\nexten => _.,1,NoOp\nexten_typo => 1,1,NoOp\n');
    expect(logOf(result)).toEqual([
      "WARNING: pbx_config.c:1889 pbx_load_config: The use of '_.' for an extension is strongly discouraged and can have unexpected behavior.  Please use '_X.' instead at line 2 of extensions.conf",
      'WARNING: pbx_config.c:1965 pbx_load_config: ==!!== Unknown directive: exten_typo at line 3 of extensions.conf -- IGNORING!!!',
    ]);
  });
});
