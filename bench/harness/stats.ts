/**
 * Order statistics for noisy samples. Benchmarks report medians and percentiles, never means alone:
 * one descheduled round on a shared machine moves a mean but not a median.
 * @packageDocumentation
 */

/**
 * The `p`-th percentile (0..100) by linear interpolation between closest ranks, as numpy's default.
 *
 * @example
 * ```ts
 * percentile([1, 2, 3, 4], 50); // 2.5
 * ```
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0..100, got ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const low = sorted[below]!;
  const high = sorted[above]!;
  return low + (high - low) * (rank - below);
}

/**
 * The median of the samples.
 *
 * @example
 * ```ts
 * median([5, 1, 3]); // 3
 * ```
 */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/**
 * Median, spread and extremes of a sample set, for tables and raw output.
 *
 * @example
 * ```ts
 * summarize([1, 2, 3]).median; // 2
 * ```
 */
export function summarize(samples: readonly number[]): SampleSummary {
  return {
    count: samples.length,
    median: median(samples),
    p5: percentile(samples, 5),
    p95: percentile(samples, 95),
    min: Math.min(...samples),
    max: Math.max(...samples),
  };
}

/** Order statistics of one sample set. */
export interface SampleSummary {
  readonly count: number;
  readonly median: number;
  readonly p5: number;
  readonly p95: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Reorders `subjects` for round `round` so each one goes first equally often: on a shared machine a
 * fixed order would hand whichever runs first (or last) a systematically quieter slot.
 *
 * @example
 * ```ts
 * rotate(['a', 'b', 'c'], 1); // ['b', 'c', 'a']
 * ```
 */
export function rotate<T>(subjects: readonly T[], round: number): T[] {
  if (subjects.length === 0) return [];
  const shift = ((round % subjects.length) + subjects.length) % subjects.length;
  return [...subjects.slice(shift), ...subjects.slice(0, shift)];
}

/**
 * Nanoseconds since an arbitrary origin as a JavaScript number of milliseconds. Small wrapper so
 * every benchmark converts `hrtime.bigint()` the same way.
 *
 * @example
 * ```ts
 * const start = nowMs(); work(); const elapsed = nowMs() - start;
 * ```
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
