/** One measured figure of a bench part. */
export interface BenchRow {
  part: string;
  measure: string;
  value: string;
}

/** A bench part: `npm run bench -- NAME` runs only the parts named. */
export interface BenchPart {
  name: string;
  description: string;
  run(log: (text: string) => void): Promise<BenchRow[]>;
}

export function formatTable(rows: BenchRow[]): string {
  const header: BenchRow = { part: 'part', measure: 'measure', value: 'value' };
  const all = [header, ...rows];
  const width = (key: keyof BenchRow) => Math.max(...all.map((r) => r[key].length));
  const [p, m] = [width('part'), width('measure')];
  const line = (r: BenchRow) => `${r.part.padEnd(p)}  ${r.measure.padEnd(m)}  ${r.value}`;
  return [line(header), `${'-'.repeat(p)}  ${'-'.repeat(m)}  ${'-'.repeat(width('value'))}`, ...rows.map(line)].join('\n');
}

export function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
