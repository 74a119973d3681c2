import fs from 'node:fs';
import { writeFileAtomic } from '../util/fs.js';
import type { InstancePaths } from './paths.js';

/** What a running instance needs to be found again by `down`, `status`, `env`, `cli`. */
export interface InstanceState {
  pid: number;
  amiPort: number;
  username: string;
  secret: string;
  asteriskVersion: string;
  startedAt: string;
}

export function readInstanceState(paths: InstancePaths): InstanceState | undefined {
  try {
    return JSON.parse(fs.readFileSync(paths.stateFile, 'utf8')) as InstanceState;
  } catch {
    return undefined;
  }
}

/** Written atomically and readable by its owner only: it holds the AMI secret. */
export function writeInstanceState(paths: InstancePaths, state: InstanceState): void {
  writeFileAtomic(paths.stateFile, JSON.stringify(state, null, 2) + '\n', 0o600);
}

export function removeInstanceState(paths: InstancePaths): void {
  fs.rmSync(paths.stateFile, { force: true });
}
