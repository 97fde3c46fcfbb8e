/**
 * The shape every benchmark hands back to the runner, and the one place where a measured value is
 * judged against its target. Benchmarks only measure; verdicts are computed here so that every
 * table reads the same way.
 * @packageDocumentation
 */

/**
 * What a row promises. `ratio-*` targets compare the row's ratio (ours / anchor), `value-*`
 * targets compare the measured value itself, in the row's unit.
 */
export type Target =
  | { readonly kind: 'ratio-at-most'; readonly limit: number }
  | { readonly kind: 'ratio-at-least'; readonly limit: number }
  | { readonly kind: 'value-at-most'; readonly limit: number }
  | { readonly kind: 'value-below'; readonly limit: number };

/** The outcome of one row: met, missed, or nothing to judge (no target or no measurement). */
export type Verdict = 'PASS' | 'MISS' | 'INFO' | 'N/A';

/** One measured quantity, optionally against an anchor and a target. */
export interface MetricRow {
  /** What was measured, e.g. `import wall time (median of 15)`. */
  readonly metric: string;
  /** Unit of `ours` and `anchor`, e.g. `ms`, `MB`, `req/s`. */
  readonly unit: string;
  /** Our measured value; `null` when it could not be measured. */
  readonly ours: number | null;
  /** The anchor's name, e.g. `@kubernetes/client-node 1.4.0`. */
  readonly anchorName?: string;
  /** The anchor's measured value, in the same unit. */
  readonly anchor?: number | null | undefined;
  /** The target, if the issue sets one for this row. */
  readonly target?: Target;
}

/** Whether a benchmark ran, or why not. */
export type BenchmarkStatus = 'ok' | 'skipped' | 'failed';

/** Everything a benchmark reports: rows for the table, and notes that explain them. */
export interface BenchmarkReport {
  /** Short id used on the command line, e.g. `import`. */
  readonly id: string;
  /** Heading of the table. */
  readonly title: string;
  readonly status: BenchmarkStatus;
  readonly rows: readonly MetricRow[];
  /** Method, parameters and caveats, one sentence each. */
  readonly notes: readonly string[];
  /** Raw samples and parameters for anyone who wants to re-analyse a run; not printed. */
  readonly raw?: Readonly<Record<string, unknown>>;
}

/**
 * Ours divided by the anchor, or `null` when either is missing or the anchor is zero.
 *
 * @example
 * ```ts
 * ratioOf({ metric: 'x', unit: 'ms', ours: 10, anchor: 40 }); // 0.25
 * ```
 */
export function ratioOf(row: MetricRow): number | null {
  if (row.ours === null || row.anchor === undefined || row.anchor === null || row.anchor === 0) return null;
  return row.ours / row.anchor;
}

/**
 * Judges one row against its target.
 *
 * @example
 * ```ts
 * verdictOf({ metric: 'x', unit: 'ms', ours: 10, anchor: 40, target: { kind: 'ratio-at-most', limit: 0.5 } }); // 'PASS'
 * ```
 */
export function verdictOf(row: MetricRow): Verdict {
  const target = row.target;
  if (!target) return 'INFO';
  if (target.kind === 'ratio-at-most' || target.kind === 'ratio-at-least') {
    const ratio = ratioOf(row);
    if (ratio === null || !Number.isFinite(ratio)) return 'N/A';
    return (target.kind === 'ratio-at-most' ? ratio <= target.limit : ratio >= target.limit) ? 'PASS' : 'MISS';
  }
  if (row.ours === null || !Number.isFinite(row.ours)) return 'N/A';
  return (target.kind === 'value-at-most' ? row.ours <= target.limit : row.ours < target.limit) ? 'PASS' : 'MISS';
}

/**
 * The target as a reader expects it in a table, e.g. `<= 0.5x` or `< 50 µs`.
 *
 * @example
 * ```ts
 * describeTarget({ kind: 'ratio-at-least', limit: 1.2 }, 'req/s'); // '>= 1.2x'
 * ```
 */
export function describeTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  switch (target.kind) {
    case 'ratio-at-most':
      return `<= ${target.limit}x`;
    case 'ratio-at-least':
      return `>= ${target.limit}x`;
    case 'value-at-most':
      return `<= ${target.limit} ${unit}`;
    case 'value-below':
      return `< ${target.limit} ${unit}`;
  }
}

/**
 * A report for a benchmark that could not run, e.g. because the API it measures has not landed.
 *
 * @example
 * ```ts
 * skippedReport('matching', 'Matching', 'createImageCacheMatcher is not exported yet');
 * ```
 */
export function skippedReport(id: string, title: string, reason: string): BenchmarkReport {
  return { id, title, status: 'skipped', rows: [], notes: [`skipped: ${reason}`] };
}

/**
 * A report for a benchmark whose process failed; the reason goes into the notes.
 *
 * @example
 * ```ts
 * failedReport('import', 'Import cost', 'exit code 1: ...');
 * ```
 */
export function failedReport(id: string, title: string, reason: string): BenchmarkReport {
  return { id, title, status: 'failed', rows: [], notes: [`failed: ${reason}`] };
}

/**
 * True when `value` looks like a {@link BenchmarkReport}; guards what a child process wrote.
 *
 * @example
 * ```ts
 * if (!isBenchmarkReport(JSON.parse(text))) throw new Error('malformed report');
 * ```
 */
export function isBenchmarkReport(value: unknown): value is BenchmarkReport {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['id'] === 'string' &&
    typeof v['title'] === 'string' &&
    (v['status'] === 'ok' || v['status'] === 'skipped' || v['status'] === 'failed') &&
    Array.isArray(v['rows']) &&
    Array.isArray(v['notes'])
  );
}
