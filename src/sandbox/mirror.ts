import fs from 'node:fs';
import path from 'node:path';
import { ChanlogError } from '../errors.js';

export interface AptSource {
  uri: string;
  suites: string[];
  file: string;
}

/**
 * Reads apt's own configuration (deb822 `.sources` files and one-line
 * `sources.list` entries), so the sandbox downloads from the mirror this
 * machine is already set up to use and no host is hard-coded.
 */
export function readAptSources(aptDir = '/etc/apt'): AptSource[] {
  const sources: AptSource[] = [];
  const listDir = path.join(aptDir, 'sources.list.d');
  const files = [path.join(aptDir, 'sources.list')];
  if (fs.existsSync(listDir)) {
    for (const name of fs.readdirSync(listDir).sort()) files.push(path.join(listDir, name));
  }
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (file.endsWith('.sources')) sources.push(...parseDeb822(text, file));
    else if (file.endsWith('.list')) sources.push(...parseOneLine(text, file));
  }
  return sources;
}

function parseDeb822(text: string, file: string): AptSource[] {
  const result: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last = '';
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#')) continue;
      if (/^\s/.test(line) && last) {
        fields.set(last, `${fields.get(last)} ${line.trim()}`);
        continue;
      }
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (!match) continue;
      last = match[1]!.toLowerCase();
      fields.set(last, match[2]!.trim());
    }
    const types = (fields.get('types') ?? '').split(/\s+/);
    if (!types.includes('deb') || fields.get('enabled')?.toLowerCase() === 'no') continue;
    const suites = (fields.get('suites') ?? '').split(/\s+/).filter(Boolean);
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) result.push({ uri, suites, file });
  }
  return result;
}

function parseOneLine(text: string, file: string): AptSource[] {
  const result: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line);
    if (match) result.push({ uri: match[1]!, suites: [match[2]!], file });
  }
  return result;
}

/**
 * The Debian archive mirror to build from: the first apt source that is a
 * plain archive (not the security archive, not a local file). sid lives on
 * every full Debian mirror, so the machine's bookworm mirror serves it.
 */
export function chooseMirror(sources: AptSource[], override?: string): { uri: string; from: string } {
  if (override) return { uri: override.replace(/\/+$/, ''), from: 'CHANLOG_DEBIAN_MIRROR' };
  const archive = sources.find(
    (s) => /^https?:\/\//.test(s.uri) && !/security/.test(s.uri) && !s.suites.some((suite) => /security/.test(suite)),
  );
  if (!archive) {
    throw new ChanlogError('no Debian mirror found in apt configuration (/etc/apt/sources.list, /etc/apt/sources.list.d)', {
      details: ['Set CHANLOG_DEBIAN_MIRROR to a Debian archive mirror URL (one that carries sid).'],
    });
  }
  return { uri: archive.uri.replace(/\/+$/, ''), from: archive.file };
}
