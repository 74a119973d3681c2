import { InvalidArgumentError } from 'commander';

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port < 1 || port > 65535) throw new InvalidArgumentError('a port is a number from 1 to 65535');
  return port;
}

/** A count of at least 1 (`--calls 5`). */
export function parseCount(text: string): number {
  const count = Number(text);
  if (!/^[0-9]+$/.test(text) || count < 1 || !Number.isSafeInteger(count)) throw new InvalidArgumentError('a count is a whole number from 1 up');
  return count;
}
