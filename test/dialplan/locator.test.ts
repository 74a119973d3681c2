import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocator } from '../../src/dialplan/render/locator.js';
import { load } from './helpers.js';

describe('createLocator', () => {
  it('maps a running step to the file and line that defined it, through patterns and includes', () => {
    const result = load({
      'extensions.conf': '[from-internal]\nexten => _1XX,1,NoOp(pattern)\n same => n,Dial(PJSIP/${EXTEN})\nexten => 100,1,NoOp(exact)\n#include "more.conf"\n',
      'more.conf': '[other]\nexten => s,1,Answer()\n',
    });
    const locate = createLocator(result);
    expect(locate('from-internal', '123', 2)).toEqual({ file: path.join(result.dir, 'extensions.conf'), line: 3 });
    expect(locate('from-internal', '100', 1)).toEqual({ file: path.join(result.dir, 'extensions.conf'), line: 4 });
    expect(locate('other', 's', 1)).toEqual({ file: path.join(result.dir, 'more.conf'), line: 2 });
    expect(locate('from-internal', '123', 9)).toBeUndefined();
    expect(locate('nowhere', 's', 1)).toBeUndefined();
  });
});
