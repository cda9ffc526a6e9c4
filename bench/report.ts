import type { Summary } from './stats.js';

/** One row of the results table: a system at a synchronous level. */
export interface ResultRow {
  system: string;
  synchronous: string;
  perStep: Summary;
  perWorkflow: Summary | null;
  note?: string;
}

export interface Ratio {
  name: string;
  synchronous: string;
  mean: number;
  p50: number;
  /** Absent for ratios shown for context only. */
  target: string | null;
  pass: boolean | null;
}

const us = (value: number) => value.toFixed(1).padStart(9);
const cell = (s: Summary | null) =>
  s
    ? `${us(s.meanUs)} ${us(s.p50Us)} ${us(s.p99Us)}`
    : `${'-'.padStart(9)} ${'-'.padStart(9)} ${'-'.padStart(9)}`;

/** The results as a fixed-width table, times in microseconds. */
export function formatTable(rows: readonly ResultRow[]): string {
  const width = Math.max(...rows.map((r) => r.system.length), 6);
  const columns = ['step mean', 'step p50', 'step p99', '', 'wf mean', 'wf p50', 'wf p99'];
  const titles = columns.map((c) => (c ? c.padStart(9) : '')).join(' ');
  const header = `${'system'.padEnd(width)}  sync    ${titles}`;
  const lines = rows.map(
    (r) =>
      `${r.system.padEnd(width)}  ${r.synchronous.padEnd(6)}  ${cell(r.perStep)}  ${cell(r.perWorkflow)}`,
  );
  return [header, '-'.repeat(header.length), ...lines].join('\n');
}

export function formatRatios(ratios: readonly Ratio[]): string {
  const width = Math.max(...ratios.map((r) => r.name.length));
  return ratios
    .map(
      (r) =>
        `${r.name.padEnd(width)}  ${r.synchronous.padEnd(6)}  mean ${r.mean.toFixed(2).padStart(6)}x` +
        `  p50 ${r.p50.toFixed(2).padStart(6)}x  ` +
        (r.target ? `target ${r.target.padEnd(7)} ${r.pass ? 'PASS' : 'MISS'}` : '(context, no target)'),
    )
    .join('\n');
}

/** `a / b` on means and medians, judged on the mean. */
export function ratio(
  name: string,
  synchronous: string,
  a: Summary,
  b: Summary,
  target?: { op: '<=' | '>='; value: number },
): Ratio {
  const mean = a.meanUs / b.meanUs;
  const p50 = a.p50Us / b.p50Us;
  if (!target) return { name, synchronous, mean, p50, target: null, pass: null };
  const pass = target.op === '<=' ? mean <= target.value : mean >= target.value;
  return { name, synchronous, mean, p50, target: `${target.op} ${target.value}x`, pass };
}
