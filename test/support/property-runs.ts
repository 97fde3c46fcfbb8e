/**
 * How many cases a fast-check property tries: `numRuns` in `npm test`, at most
 * `PROPERTY_RUNS_CAP` where that is set. The mutation groups set it (stryker/vitest-group.ts)
 * because every mutant the property covers reruns it; the seed stays, so a capped run tries the
 * first cases of the full one.
 *
 * @example
 * ```ts
 * fc.assert(property, { numRuns: propertyRuns(500), seed: 1 });
 * ```
 */
export function propertyRuns(numRuns: number): number {
  const cap = Number(process.env['PROPERTY_RUNS_CAP']);
  return Number.isInteger(cap) && cap > 0 ? Math.min(numRuns, cap) : numRuns;
}
