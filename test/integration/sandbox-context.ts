import { inject } from 'vitest';

/** What the global setup hands the integration tests: the sandbox to talk to, or null when skipped. */
export interface SandboxContext {
  root: string;
  instance: string;
  amiUrl: string;
  /** A manager user with read=call, write=call only: AstDB and Command are not allowed. */
  limitedAmiUrl: string;
  /** AMI URLs of the restricted manager users of manager-users.ts, by user name. */
  managerUrls: Record<string, string>;
  asteriskVersion: string;
  configDir: string;
  messagesLog: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    sandbox: SandboxContext | null;
  }
}

export function sandboxContext(): SandboxContext | null {
  return inject('sandbox');
}
