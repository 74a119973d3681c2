import type { ConfiguredKey } from '../ami/config-file.js';
import type { KeySetting } from './keymap.js';

/** The config file's `[keys]` lines as keymap settings, each with its FILE:LINE for messages. */
export function keySettingsFrom(keys: readonly ConfiguredKey[], file: string): KeySetting[] {
  return keys.map((k) => ({ command: k.name, keys: k.value, place: `${file}:${k.line}` }));
}
