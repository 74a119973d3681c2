/**
 * An independent reading of AMI bytes for tests: frames end at an empty
 * line, each line is `Name: value`. No chanlog code and no asterisk-manager.
 */
export function splitFrames(bytes: Buffer): Array<Record<string, string[]>> {
  const frames: Array<Record<string, string[]>> = [];
  for (const block of bytes.toString('utf8').split('\r\n\r\n')) {
    if (block.trim() === '') continue;
    const frame: Record<string, string[]> = {};
    for (const line of block.split('\r\n')) {
      const colon = line.indexOf(': ');
      if (colon <= 0) continue;
      (frame[line.slice(0, colon).toLowerCase()] ??= []).push(line.slice(colon + 2));
    }
    frames.push(frame);
  }
  return frames;
}
