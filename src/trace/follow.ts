import type { AmiClient } from '../ami/client.js';
import { EXPIRY_PREFIX, PREVIOUS_PREFIX, putKey, recordExpiry, restoreKey } from '../ami/level-expiry.js';
import { readKey } from '../ami/levels.js';
import { checkLevel, checkLinkedid, FAMILY, levelKey } from '../chanlog/keys.js';
import { usageError } from '../errors.js';

export interface FollowOptions {
  /** The level every channel of the call logs at (default 9: everything). */
  level?: string;
  /** How long the level may stay if chanlog dies without putting it back (default 4 h); `level gc` removes it after. */
  forMs?: number;
  /** The family the server's routine reads (default ChanLog). */
  family?: string;
  now?: Date;
}

export const DEFAULT_FOLLOW_LEVEL = '9';
export const DEFAULT_FOLLOW_MS = 4 * 3_600_000;

/**
 * "Follow this call": the per-call key `call/<linkedid>` that the routine
 * reads for every channel of the call (Dial legs and both halves of a
 * Local channel included, from their first step, since they inherit the
 * linkedid), set at a level and put back when the follow stops. The three
 * keys it touches (the level, its expiry record, its previous-value record)
 * are read first and each is left exactly as it was found.
 */
export class CallFollow {
  private stopped = false;

  private constructor(
    private readonly client: AmiClient,
    readonly linkedid: string,
    private readonly family: string,
    private readonly found: Map<string, string | undefined>,
  ) {}

  static async start(client: AmiClient, linkedid: string, options: FollowOptions = {}): Promise<CallFollow> {
    const problem = checkLinkedid(linkedid) ?? checkLevel(options.level ?? DEFAULT_FOLLOW_LEVEL);
    if (problem) throw usageError(problem);
    const family = options.family ?? FAMILY;
    const { key } = levelKey({ kind: 'call', linkedid }, family);
    const found = new Map<string, string | undefined>();
    for (const name of [key, `${EXPIRY_PREFIX}${key}`, `${PREVIOUS_PREFIX}${key}`]) found.set(name, await readKey(client, family, name));
    const follow = new CallFollow(client, linkedid, family, found);
    try {
      const before = found.get(key);
      if (before !== undefined && found.get(`${PREVIOUS_PREFIX}${key}`) === undefined) await putKey(client, family, `${PREVIOUS_PREFIX}${key}`, before);
      await recordExpiry(client, key, new Date((options.now ?? new Date()).getTime() + (options.forMs ?? DEFAULT_FOLLOW_MS)), family);
      await putKey(client, family, key, String(Number(options.level ?? DEFAULT_FOLLOW_LEVEL)));
    } catch (err) {
      await follow.stop().catch(() => {});
      throw err;
    }
    return follow;
  }

  /** The key the routine reads, as messages name it: `ChanLog/call/1733412345.42`. */
  get keyName(): string {
    const { family, key } = levelKey({ kind: 'call', linkedid: this.linkedid }, this.family);
    return `${family}/${key}`;
  }

  /** Puts every key it touched back as it was found (the level first, so the call stops logging first). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const [name, value] of this.found) await restoreKey(this.client, this.family, name, value);
  }
}
