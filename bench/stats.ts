/** Summary statistics over timing samples, in microseconds. */
export interface Summary {
  n: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
  minUs: number;
  maxUs: number;
}

/** Summarises samples given in microseconds. */
export function summarize(samplesUs: readonly number[]): Summary {
  if (samplesUs.length === 0) throw new Error('No samples to summarise');
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    n: sorted.length,
    meanUs: total / sorted.length,
    p50Us: at(0.5),
    p99Us: at(0.99),
    minUs: sorted[0] ?? 0,
    maxUs: sorted.at(-1) ?? 0,
  };
}

/** Divides every statistic by `by`, e.g. a workflow's time by its number of steps. */
export function scale(summary: Summary, by: number): Summary {
  return {
    n: summary.n,
    meanUs: summary.meanUs / by,
    p50Us: summary.p50Us / by,
    p99Us: summary.p99Us / by,
    minUs: summary.minUs / by,
    maxUs: summary.maxUs / by,
  };
}

/** Microseconds elapsed since `start`, a value of `process.hrtime.bigint()`. */
export function elapsedUs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1000;
}
