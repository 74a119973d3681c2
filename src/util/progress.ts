/**
 * Progress of a long job (building the chroot, starting Asterisk), told to
 * whoever runs it: the CLI draws it on stderr, tests print plain lines.
 */
export interface Progress {
  /** A new phase begins ("Downloading packages"). */
  phase(text: string): void;
  /** Advance within the phase; `total` when known. */
  step(current: number, total: number | undefined, item?: string): void;
  /** The phase is done. */
  done(text?: string): void;
}

export const silentProgress: Progress = {
  phase() {},
  step() {},
  done() {},
};

/**
 * Draws progress on a stream: on a terminal one line rewritten in place,
 * otherwise a line per phase plus an occasional count, so CI logs stay short.
 */
export function streamProgress(stream: NodeJS.WriteStream, prefix = ''): Progress {
  const tty = Boolean(stream.isTTY);
  let phase = '';
  let lastPrinted = 0;
  const write = (text: string) => {
    if (tty) stream.write(`\r\x1b[K${text}`);
    else stream.write(`${text}\n`);
  };
  return {
    phase(text) {
      if (tty && phase) stream.write('\n');
      phase = text;
      lastPrinted = 0;
      write(`${prefix}${text}...`);
    },
    step(current, total, item) {
      const count = total ? `${current}/${total}` : String(current);
      if (tty) {
        write(`${prefix}${phase}... ${count}${item ? ` ${item}` : ''}`);
      } else if (current - lastPrinted >= 50 || (total !== undefined && current === total)) {
        lastPrinted = current;
        write(`${prefix}${phase}... ${count}`);
      }
    },
    done(text) {
      if (tty) write(`${prefix}${phase}: ${text ?? 'done'}\n`);
      else if (text) write(`${prefix}${phase}: ${text}`);
      phase = '';
    },
  };
}
