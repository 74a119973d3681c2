/**
 * A large, realistic dialplan for the parser benchmark: what a multi-tenant
 * PBX's generated extensions.conf looks like (many contexts of extensions
 * with `same => n` chains, labels, patterns, hints, includes, comments,
 * globals and templates), deterministic for a given line count.
 */
export function generateBigDialplan(lines: number): string {
  const out: string[] = [];
  const push = (line: string) => {
    if (out.length < lines) out.push(line);
  };
  push('; Generated for `npm run bench`: a large multi-tenant dialplan.');
  push('[general]');
  push('static=yes');
  push('writeprotect=no');
  push('[globals]');
  for (let i = 0; i < 50; i++) push(`TRUNK_${i}=PJSIP/trunk-${i}`);
  push('[tenant-defaults](!)');
  push('exten => h,1,Hangup()');
  push('exten => i,1,Playback(invalid)');
  push(' same => n,Hangup()');
  let tenant = 0;
  while (out.length < lines) {
    const name = `tenant-${tenant}`;
    push('');
    push(`; ---------------------------------------------------------------- ${name}`);
    push(`[${name}-internal](tenant-defaults)`);
    push(`include => ${name}-features`);
    push(`include => ${name}-outbound,08:00-18:00,mon-fri,*,*`);
    for (let e = 0; e < 40 && out.length < lines; e++) {
      const exten = 1000 + e;
      // Hints on two extensions per tenant only: every hint costs Asterisk a
      // device-state subscription, and with one on each of the ~64,000
      // extensions its reload takes over a minute of CPU in that machinery
      // (measured), which would measure device state, not reading dialplans.
      if (e % 20 === 0) push(`exten => ${exten},hint,PJSIP/${name}-${exten}&Custom:DND${exten}`);
      push(`exten => ${exten},1,NoOp(Call from \${CALLERID(num)} to ${exten} in ${name})`);
      push(' same => n,GoSub(chanlog,s,1(3,dialing ${EXTEN} for ${CALLERID(name)}))');
      push(` same => n(dial),Dial(PJSIP/${name}-${exten},20,tTr)`);
      push(' same => n,GotoIf($["${DIALSTATUS}" = "BUSY"]?busy:unavail)');
      push(` same => n(busy),VoiceMail(${exten}@${name},b) ; busy greeting`);
      push(' same => n,Hangup()');
      push(` same => n(unavail),VoiceMail(${exten}@${name},u)`);
      push(' same => n,Hangup()');
    }
    push(`[${name}-features]`);
    push(`exten => *97,1,VoiceMailMain(\${CALLERID(num)}@${name})`);
    push(' same => n,Hangup()');
    push(`exten => _*72X.,1,Set(DB(CF/${name}/\${CALLERID(num)})=\${EXTEN:3})`);
    push(' same => n,Playback(call-fwd-unconditional)');
    push(' same => n,Hangup()');
    push(`[${name}-outbound]`);
    push(`exten => _NXXNXXXXXX,1,Set(CALLERID(num)=\${GLOBAL(TRUNK_${tenant % 50})})`);
    push(` same => n,Dial(\${TRUNK_${tenant % 50}}/+1\${EXTEN},60)`);
    push(' same => n,Hangup()');
    push(`exten => _011.,1,Dial(\${TRUNK_${tenant % 50}}/\${EXTEN},60)`);
    push(` same => n,Hangup()`);
    tenant++;
  }
  return out.join('\n') + '\n';
}
