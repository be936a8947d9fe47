// Summaries and the printed table. Percentiles by nearest rank: with n samples the p95 is a sample that was
// really measured, never an interpolation between two.

export interface Summary {
  median: number;
  p95: number;
  n: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile (0 < p <= 100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** The median is the mean of the two middle samples for an even n (the usual definition). */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  return {
    median: median(samples),
    p95: percentile(samples, 95),
    n: samples.length,
    min: samples.length ? Math.min(...samples) : Number.NaN,
    max: samples.length ? Math.max(...samples) : Number.NaN,
  };
}

/** Three significant digits at most, so the file reads like the table. */
export function round(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return Number(x.toFixed(Math.min(digits, 6)));
}

/** One benchmark's entry in results.json. */
export interface BenchResult {
  unit: string;
  median: number;
  p95: number;
  n: number;
  baseline?: number;
  ratio?: number;
  goal?: Record<string, number>;
  /** Each goal met or not, for the reader: the run never fails on it (shared, noisy machine). */
  goalMet?: Record<string, boolean>;
  [extra: string]: unknown;
}

export interface BenchFailure {
  error: string;
}

export type BenchEntry = BenchResult | BenchFailure;

export function isFailure(e: BenchEntry): e is BenchFailure {
  return typeof (e as BenchFailure).error === 'string';
}

/**
 * Goals name the field and the side: `{ p95Max: 16, ratioMax: 2 }`, `{ ratioMin: 0.8 }`,
 * `{ totalSecondsMax: 30 }`. A goal whose field the result lacks is left out of `goalMet`.
 */
export function checkGoals(result: BenchResult, goal: Record<string, number>): Record<string, boolean> {
  const met: Record<string, boolean> = {};
  for (const [key, bound] of Object.entries(goal)) {
    const m = /^(.+)(Max|Min)$/.exec(key);
    if (!m) continue;
    const value = result[m[1]!];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    met[key] = m[2] === 'Max' ? value <= bound : value >= bound;
  }
  return met;
}

function goalText(e: BenchResult): string {
  return Object.entries(e.goal ?? {})
    .map(([key, bound]) => {
      const m = /^(.+)(Max|Min)$/.exec(key);
      const text = m ? `${m[1]} ${m[2] === 'Max' ? '<=' : '>='} ${bound}` : `${key} ${bound}`;
      const met = e.goalMet?.[key];
      return met === undefined ? text : `${text} ${met ? 'ok' : 'MISSED'}`;
    })
    .join(', ');
}

function fmt(v: unknown): string {
  if (typeof v !== 'number') return v === undefined ? '' : String(v);
  return String(round(v));
}

/** A fixed-width table of the results, one row per benchmark. */
export function formatTable(results: Record<string, BenchEntry>): string {
  const head = ['benchmark', 'unit', 'median', 'p95', 'n', 'baseline', 'ratio', 'goal / error'];
  const rows: string[][] = [head];
  for (const [name, e] of Object.entries(results)) {
    if (isFailure(e)) {
      rows.push([name, 'ERROR', '', '', '', '', '', e.error.split('\n')[0]!.slice(0, 120)]);
      continue;
    }
    rows.push([
      name,
      e.unit,
      fmt(e.median),
      fmt(e.p95),
      fmt(e.n),
      fmt(e.baseline),
      fmt(e.ratio),
      goalText(e),
    ]);
  }
  const widths = head.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i >= 2 && i <= 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Marks the result line a benchmark child process prints last (bench/syncChild.ts). */
export const RESULT_PREFIX = '@@bench-result ';
