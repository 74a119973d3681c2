// The npm package asterisk-manager ships no types; this declares the part chanlog uses.
declare module 'asterisk-manager' {
  import type { EventEmitter } from 'node:events';

  interface ManagerOptions {
    port: number;
    host: string;
    username: string;
    password: string;
    events: boolean;
  }

  interface Manager extends Pick<EventEmitter, 'on' | 'once' | 'removeListener' | 'removeAllListeners' | 'listeners' | 'emit'> {
    options: ManagerOptions;
    connect(port: number, host: string, callback?: (err: unknown) => void): void;
    login(callback?: (err?: Record<string, unknown>) => void): void;
    action(action: Record<string, unknown>, callback?: (err: unknown, response?: unknown) => void): string;
    disconnect(callback?: () => void): void;
    isConnected(): boolean;
  }

  function createManager(port?: number, host?: string, username?: string, password?: string, events?: boolean): Manager;
  export default createManager;
}
